import type { Principal } from '@companyos/contracts';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AuditTrail } from '../audit/audit-trail';
import { clientIp } from '../rate-limit/rate-limit.middleware';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { AuthRefusal } from './auth-refusal';
import { AuthenticationService } from './authentication.service';
import { requestLabel, sendRefusal } from './http-refusal';

/**
 * Every route but the webhooks, health and metrics needs a principal: a
 * missing, wrong, expired or revoked credential is 401 UNAUTHENTICATED. The
 * request is counted against its client IP's rate limit either way, and
 * against its principal's when it has one, in one Redis round trip.
 *
 * A refusal is audited once per client IP, code and reason per rate-limit
 * window (the first one; the record also says how many the same IP had in
 * the window before): a flood of bad credentials costs a Redis counter each,
 * not an outbox row, a job and an audit row each.
 */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditTrail,
  ) {}

  async use(req: Request, res: Response, next: NextFunction) {
    const ip = clientIp(req);
    const ipHit = { key: `ip:${ip}`, who: ip };
    let principal: Principal;
    try {
      principal = await this.authentication.authenticate(req);
    } catch (error) {
      if (!(error instanceof AuthRefusal)) return next(error);
      const code = error.status === 401 ? 'UNAUTHENTICATED' : 'UNAVAILABLE';
      const { admitted, extra } = await this.limiter.admit(req, res, [ipHit], [`refused:${ip}:${code}:${error.reason}`]);
      if (!admitted) return;
      // Without Redis (extra null) every refusal is recorded, as before.
      const refusals = extra?.[0];
      if (!refusals || refusals.count === 1) {
        const earlier = refusals?.previous ? `; ${refusals.previous} such refusals from ${ip} in the previous window` : '';
        await this.audit.record(req, { operation: requestLabel(req), outcome: 'DENIED', code, detail: `${error.reason}: ${error.message}${earlier}` });
      }
      if (error.status === 401) res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error.reason}"`);
      return sendRefusal(req, res, error.status, code, error.message, error.reason);
    }
    req.principal = principal;
    const { admitted } = await this.limiter.admit(req, res, [ipHit, { key: `principal:${principal.id}`, who: principal.name }]);
    if (admitted) next();
  }
}
