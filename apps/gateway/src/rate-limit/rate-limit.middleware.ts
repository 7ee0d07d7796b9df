import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT } from '@companyos/platform';
import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type IORedis from 'ioredis';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';

/**
 * Requests per client IP per fixed window (RATE_LIMIT_MAX per
 * RATE_LIMIT_WINDOW_MS), counted in Redis so every gateway replica shares
 * the count. Over the limit: 429 with Retry-After. Webhook routes are not
 * routed here (senders retry on their own; their bodies are size-limited).
 * If Redis cannot answer, the request goes through (and a warning is
 * logged): an outage of Redis must not take the API down with it.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly logger = new Logger(RateLimitMiddleware.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: IORedis,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    const { max, windowMs } = this.config.rateLimit;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const key = `${this.platform.queuePrefix}:ratelimit:ip:${req.ip ?? 'unknown'}:${window}`;
    let count: number;
    try {
      const [[, counted]] = (await this.redis.multi().incr(key).pexpire(key, windowMs).exec()) as [[Error | null, number], unknown];
      count = counted;
    } catch (error) {
      this.logger.warn(`rate limit not checked (${(error as Error).message}): request let through`);
      return next();
    }
    const resetSeconds = Math.ceil(((window + 1) * windowMs - now) / 1000);
    res.setHeader('RateLimit-Limit', String(max));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, max - count)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count <= max) return next();
    res.setHeader('Retry-After', String(resetSeconds));
    res.status(429).json({ error: 'TOO_MANY_REQUESTS', message: `more than ${max} requests in ${windowMs / 1000} s from ${req.ip}; retry in ${resetSeconds} s` });
  }
}
