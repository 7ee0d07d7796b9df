import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiter } from './rate-limiter';

/**
 * Requests per client IP, counted before the credential is checked (so
 * guessing tokens is throttled too). Webhook routes are not routed here
 * (senders retry on their own; their bodies are size-limited).
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(private readonly limiter: RateLimiter) {}

  async use(req: Request, res: Response, next: NextFunction) {
    const ip = req.ip ?? 'unknown';
    if (await this.limiter.admit(req, res, `ip:${ip}`, ip)) next();
  }
}
