import type { AccessRole } from '@companyos/contracts';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Directive } from '@nestjs/graphql';

/** Schema tag that carries a field's role into the supergraph, where the gateway reads it. */
export const ROLE_TAG_PREFIX = 'requires-role:';
export const REQUIRED_ROLE_METADATA = 'companyos:required-role';

/**
 * The least role that may call a resolver. Every mutation must declare one
 * (the subgraphs refuse an undeclared mutation, the gateway treats one as
 * admin-only); queries, fields and entity references default to `viewer`.
 * The one declaration is enforced twice: by the gateway before anything
 * runs (from the `@tag` it puts into the supergraph) and by the subgraph's
 * guard (from the metadata).
 */
export const RequiresRole = (role: AccessRole) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE_METADATA, role), Directive(`@tag(name: "${ROLE_TAG_PREFIX}${role}")`));
