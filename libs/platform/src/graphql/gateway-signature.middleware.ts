import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { requireSubgraphSecret, verifySignedPrincipal } from './gateway-signature';

/**
 * A subgraph's /graphql answers 401 to anything not signed with
 * SUBGRAPH_SECRET (the gateway is the only door); a signed request acts as
 * the principal it names.
 */
@Injectable()
export class GatewaySignatureMiddleware implements NestMiddleware {
  private readonly secret: string;

  constructor(@InjectPlatformConfig() config: PlatformConfig) {
    this.secret = requireSubgraphSecret(config);
  }

  use(req: Request, res: Response, next: NextFunction) {
    const { principal, problem } = verifySignedPrincipal(this.secret, req.headers);
    if (principal) {
      req.principal = principal;
      return next();
    }
    res.status(401).json({ errors: [{ message: problem, extensions: { code: 'UNAUTHENTICATED' } }] });
  }
}
