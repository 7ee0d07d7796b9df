import { AccessRole, ApiTokenVerification, hashApiToken } from '@companyos/contracts';
import { DomainError, isUuid } from '@companyos/platform';
import { Injectable, Optional } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokenError } from './api-token.errors';
import {
  API_TOKEN_EXPIRY_DAYS,
  displayPrefixOf,
  expiryOf,
  generateApiToken,
  isLastUseStale,
  LAST_USED_RESOLUTION_MS,
  looksLikeApiToken,
  refusalOf,
} from './api-token.rules';
import { RevocationSignal } from './revocation-signal';

export interface CreateApiTokenRequest {
  name: string;
  role: AccessRole;
  /** 1–730; 90 when not given. */
  expiresInDays?: number;
  /** Who creates it: the acting principal's name, or `cli:<os user>`. */
  createdBy: string;
}

/**
 * API tokens: issued once in clear, kept only as a hash, verified for the
 * gateway, revoked by admins. Takes an EntityManager so a caller (the token
 * CLI) can run it inside its own transaction.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @InjectEntityManager() private readonly manager: EntityManager,
    /** Absent for the token CLI, which never revokes. */
    @Optional() private readonly revocations?: RevocationSignal,
  ) {}

  /** Issues a token; its plaintext is in the answer and nowhere else. */
  async create(request: CreateApiTokenRequest, now = new Date()): Promise<{ token: string; apiToken: ApiTokenEntity }> {
    const token = generateApiToken();
    const apiToken = await this.manager.save(
      this.manager.create(ApiTokenEntity, {
        name: request.name,
        role: request.role,
        tokenHash: hashApiToken(token),
        tokenPrefix: displayPrefixOf(token),
        createdBy: request.createdBy,
        createdAt: now,
        expiresAt: expiryOf(now, request.expiresInDays ?? API_TOKEN_EXPIRY_DAYS.default),
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      }),
    );
    return { token, apiToken };
  }

  /** Tokens, newest first; revoked ones only when asked. */
  list({ includeRevoked = false }: { includeRevoked?: boolean } = {}): Promise<ApiTokenEntity[]> {
    const query = this.manager.createQueryBuilder(ApiTokenEntity, 't');
    if (!includeRevoked) query.where('t.revoked_at IS NULL');
    return query.orderBy('t.created_at', 'DESC').addOrderBy('t.id', 'ASC').getMany();
  }

  /** Revokes a token and tells the gateways; one revoked already stays as it was (when and by whom). */
  async revoke(id: string, by: string, now = new Date()): Promise<ApiTokenEntity> {
    const token = isUuid(id) ? await this.manager.findOneBy(ApiTokenEntity, { id }) : null;
    if (!token) throw new DomainError(ApiTokenError.NotFound, `API token ${id} does not exist`);
    if (token.revokedAt) return token;
    // Conditional, so of two admins revoking at once the first one's name and time stay.
    const { affected } = await this.manager
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ revokedAt: now, revokedBy: by })
      .where({ id })
      .andWhere('revoked_at IS NULL')
      .execute();
    if (affected) await this.revocations?.announce();
    return this.manager.findOneByOrFail(ApiTokenEntity, { id });
  }

  /** Who a token stands for, or why it is refused; a good token's use is recorded (at most once a minute). */
  async verify(token: string, now = new Date()): Promise<ApiTokenVerification> {
    const stored = looksLikeApiToken(token) ? await this.manager.findOneBy(ApiTokenEntity, { tokenHash: hashApiToken(token) }) : null;
    const refusal = refusalOf(stored, now);
    if (refusal) return refusal;
    const { id, name, role, lastUsedAt, expiresAt } = stored as ApiTokenEntity; // refusalOf refuses a missing token
    if (isLastUseStale(lastUsedAt, now)) await this.recordUse(id, now);
    return { principal: { id, name: `token:${name}`, role, via: 'api-token' }, expiresAt: expiresAt.toISOString() };
  }

  /** Sets last_used_at unless another replica just did (the condition keeps it to one write a minute). */
  private async recordUse(id: string, now: Date): Promise<void> {
    await this.manager
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ lastUsedAt: now })
      .where({ id })
      .andWhere('(last_used_at IS NULL OR last_used_at <= :staleBefore)', { staleBefore: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) })
      .execute();
  }
}
