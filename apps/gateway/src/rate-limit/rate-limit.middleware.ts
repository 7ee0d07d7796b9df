import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiter } from './rate-limiter';

/**
 * A client IP this replica has seen over its limit is refused here, before
 * its credential is checked (so guessing tokens stays throttled); every other
 * request is counted, per IP and per principal in one round trip, once the
 * credential is known (AuthenticationMiddleware). Webhook routes are not
 * routed here (senders retry on their own; their bodies are size-limited).
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(private readonly limiter: RateLimiter) {}

  use(req: Request, res: Response, next: NextFunction) {
    if (!this.limiter.refuseBlockedIp(req, res, clientIp(req))) next();
  }
}

export const clientIp = (req: Request) => req.ip ?? 'unknown';
