import { apiTokenRevocationsChannel } from '@companyos/contracts';
import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT, RedisClient, withTimeout } from '@companyos/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';

/**
 * Tells every gateway that a token was revoked (a message on the revocation
 * channel), so cached verifications are dropped at once. If Redis cannot
 * take it, the revocation still holds in Postgres and gateways see it when
 * their cache entry ends (API_TOKEN_CACHE_MS); a warning is logged.
 */
@Injectable()
export class RevocationSignal {
  private readonly logger = new Logger(RevocationSignal.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  async announce(): Promise<void> {
    try {
      await withTimeout(this.redis.publish(apiTokenRevocationsChannel(this.platform.queuePrefix), 'revoked'), this.platform.enqueueTimeoutMs, 'Redis did not answer');
    } catch (error) {
      this.logger.warn(`revocation not announced to the gateways (${(error as Error).message}): it takes effect when their cached verifications end`);
    }
  }
}
