import { outboxRelayProvider } from '@companyos/platform';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { RAW_BODY_PATHS } from '../body-parsers';
import { AuditTrail } from '../audit/audit-trail';
import { AuditOutboxEntity } from '../audit/audit-outbox.entity';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { RateLimitMiddleware } from '../rate-limit/rate-limit.middleware';
import { WindowCounters } from '../rate-limit/window-counters';
import { ApiTokenVerifier } from './api-token-verifier';
import { AuthConfigController } from './auth-config.controller';
import { AuthenticationMiddleware } from './authentication.middleware';
import { AuthenticationService } from './authentication.service';
import { JwtVerifier } from './jwt-verifier';

/** Who may call the gateway: credentials, per-IP and per-principal rate limits, and the audit trail of it all. */
@Module({
  controllers: [AuthConfigController],
  providers: [
    AuthenticationService,
    ApiTokenVerifier,
    JwtVerifier,
    RateLimiter,
    WindowCounters,
    AuditTrail,
    outboxRelayProvider(AuditOutboxEntity),
  ],
  exports: [AuditTrail, WindowCounters],
})
export class AuthModule implements NestModule {
  /**
   * Every route but the webhooks (which check their own credentials) and
   * health and metrics (which probes and Prometheus call; `/api/companyos/health`
   * names only which apps are up, as the seed's plain `curl` reads it) and the
   * sign-in page's auth config (asked before anyone is signed in) needs a principal
   * and is rate-limited per client IP and per principal (an IP already over
   * its limit is refused before its credential is checked).
   */
  configure(consumer: MiddlewareConsumer) {
    consumer
      .apply(RateLimitMiddleware, AuthenticationMiddleware)
      .exclude(...[...RAW_BODY_PATHS, '/health', '/health/{*rest}', '/metrics', '/api/companyos/health', '/api/companyos/auth/config'].map((path) => ({ path, method: RequestMethod.ALL })))
      .forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }
}
