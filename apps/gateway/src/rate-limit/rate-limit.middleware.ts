import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuditTrail } from '../audit/audit-trail';
import { requestLabel, sendRefusal } from '../auth/http-refusal';
import { RateLimiter } from './rate-limiter';

/**
 * Requests per client IP, counted before the credential is checked (so
 * guessing tokens is throttled too). Over the limit: 429 with Retry-After;
 * the first refusal of a window is recorded in the audit log. Webhook routes
 * are not routed here (senders retry on their own; their bodies are
 * size-limited).
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly audit: AuditTrail,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    const hit = await this.limiter.hit(`ip:${req.ip ?? 'unknown'}`, res);
    if (hit.allowed) return next();
    const refusal = this.limiter.refusal(req.ip ?? 'unknown', hit);
    if (hit.firstRefusal) await this.audit.record(req, { operation: requestLabel(req), outcome: 'DENIED', code: refusal.error, detail: refusal.message });
    sendRefusal(req, res, 429, refusal.error, refusal.message);
  }
}
