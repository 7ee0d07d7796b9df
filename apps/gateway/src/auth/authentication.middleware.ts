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
    if (await this.limiter.admit(req, res, `principal:${req.principal.id}`, req.principal.name)) next();
  }
}
