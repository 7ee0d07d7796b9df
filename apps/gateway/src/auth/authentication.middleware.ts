import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuditTrail } from '../audit/audit-trail';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { AuthRefusal } from './auth-refusal';
import { AuthenticationService } from './authentication.service';
import { requestLabel, sendRefusal } from './http-refusal';

/**
 * Every route but the webhooks, health and metrics needs a principal: a
 * missing, wrong, expired or revoked credential is 401 UNAUTHENTICATED (and
 * recorded); then the principal's own rate limit applies.
 */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditTrail,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    try {
      req.principal = await this.authentication.authenticate(req);
    } catch (error) {
      if (!(error instanceof AuthRefusal)) return next(error);
      const code = error.status === 401 ? 'UNAUTHENTICATED' : 'UNAVAILABLE';
      await this.audit.record(req, { operation: requestLabel(req), outcome: 'DENIED', code, detail: `${error.reason}: ${error.message}` });
      if (error.status === 401) res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.reason}"`);
      return sendRefusal(req, res, error.status, code, error.message, error.reason);
    }
    const hit = await this.limiter.hit(`principal:${req.principal.id}`, res);
    if (hit.allowed) return next();
    const refusal = this.limiter.refusal(req.principal.name, hit);
    if (hit.firstRefusal) await this.audit.record(req, { operation: requestLabel(req), outcome: 'DENIED', code: refusal.error, detail: refusal.message });
    sendRefusal(req, res, 429, refusal.error, refusal.message);
  }
}
