import type { CredentialKind } from '@companyos/contracts';
import type { Request } from 'express';
import type { ForwardedPrincipal } from '../graphql/gateway-signature';

/** The principal a request acts as: set by the gateway's authentication, or by a subgraph's signature check. */
export type RequestPrincipal = ForwardedPrincipal & { via?: CredentialKind };

declare module 'express-serve-static-core' {
  interface Request {
    principal?: RequestPrincipal;
  }
}

export const principalOf = (req: Request | undefined): RequestPrincipal | undefined => req?.principal;
