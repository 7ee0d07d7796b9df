import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT } from '@companyos/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type IORedis from 'ioredis';
import { AuditTrail } from '../audit/audit-trail';
import { requestLabel, sendRefusal } from '../auth/http-refusal';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';

/**
 * Fixed-window counters in Redis (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS),
 * shared by every gateway replica, one per client IP and one per principal.
 * Over the limit: 429 with Retry-After, and the first refusal of a window is
 * recorded in the audit log (recording each would let a flood write rows).
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
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Counts a request against `key` (`ip:…`, `principal:…`) and sets the
   * RateLimit-* headers; true when it may go on, otherwise it has been
   * answered 429 (naming `who`).
   */
  async admit(req: Request, res: Response, key: string, who: string): Promise<boolean> {
    const { max, windowMs } = this.config.rateLimit;
    const hit = await this.count(key, res);
    if (hit.count <= max) return true;
    const message = `more than ${max} requests in ${windowMs / 1000} s from ${who}; retry in ${hit.resetSeconds} s`;
    if (hit.count === max + 1) await this.audit.record(req, { operation: requestLabel(req), outcome: 'DENIED', code: 'TOO_MANY_REQUESTS', detail: message });
    sendRefusal(req, res, 429, 'TOO_MANY_REQUESTS', message);
    return false;
  }

  private async count(key: string, res: Response): Promise<{ count: number; resetSeconds: number }> {
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
      return { count: 0, resetSeconds };
    }
    res.setHeader('RateLimit-Limit', String(max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, max - count)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count > max) res.setHeader('Retry-After', String(resetSeconds));
    return { count, resetSeconds };
  }
}
