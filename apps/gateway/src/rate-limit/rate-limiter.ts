import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT } from '@companyos/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type IORedis from 'ioredis';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';

/** One counted request: whether it may go on, and when the window resets. */
export interface RateLimitHit {
  allowed: boolean;
  /** True for the first refused request of a window (the one worth recording). */
  firstRefusal: boolean;
  count: number;
  resetSeconds: number;
}

/**
 * Fixed-window counters in Redis (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS),
 * shared by every gateway replica, one per client IP and one per principal.
 * If Redis cannot answer, the request goes through (and a warning is
 * logged): an outage of Redis must not take the API down with it.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  /** Counts a request against `key` (`ip:…`, `principal:…`) and sets the RateLimit-* headers on `res`. */
  async hit(key: string, res: Response): Promise<RateLimitHit> {
    const { max, windowMs } = this.config.rateLimit;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const resetSeconds = Math.ceil(((window + 1) * windowMs - now) / 1000);
    const redisKey = `${this.platform.queuePrefix}:ratelimit:${key}:${window}`;
    let count: number;
    try {
      const [[, counted]] = (await this.redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec()) as [[Error | null, number], unknown];
      count = counted;
    } catch (error) {
      this.logger.warn(`rate limit not checked (${(error as Error).message}): request let through`);
      return { allowed: true, firstRefusal: false, count: 0, resetSeconds };
    }
    res.setHeader('RateLimit-Limit', String(max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, max - count)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count > max) res.setHeader('Retry-After', String(resetSeconds));
    return { allowed: count <= max, firstRefusal: count === max + 1, count, resetSeconds };
  }

  /** What a refused caller is told. */
  refusal(who: string, hit: RateLimitHit) {
    const { max, windowMs } = this.config.rateLimit;
    return { error: 'TOO_MANY_REQUESTS', message: `more than ${max} requests in ${windowMs / 1000} s from ${who}; retry in ${hit.resetSeconds} s` };
  }
}
