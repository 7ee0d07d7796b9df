import type { ApiTokenEntity } from './api-token.entity';
import type { ApiToken } from './api-token.model';

export const toApiToken = (e: ApiTokenEntity): ApiToken => ({
  id: e.id,
  name: e.name,
  role: e.role,
  tokenPrefix: e.tokenPrefix,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
  expiresAt: e.expiresAt,
  revokedAt: e.revokedAt,
  revokedBy: e.revokedBy,
  lastUsedAt: e.lastUsedAt,
});
