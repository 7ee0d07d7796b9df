import { Inject, Injectable, Logger, NestMiddleware, RawBodyRequest } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { RedisClient } from '../messaging/redis-options';
import { once } from 'node:events';
import { withTimeout } from '../async/with-timeout';
import { InjectPlatformConfig } from '../config/platform-config.module';
import type { PlatformConfig } from '../config/platform.config';
import { REDIS_CLIENT } from '../messaging/messaging.module';
import { requireSubgraphSecret, SIGNATURE_MAX_SKEW_MS, verifySignedRequest } from './gateway-signature';

/**
 * A subgraph's /graphql (and an app's internal endpoints) answer 401 to
 * anything not signed for this app (see gateway-signature.ts), and to a
 * signed request seen before: each nonce is remembered in Redis
 * (`SET NX PX`) for twice the signature's validity, so a captured request
 * cannot be replayed. When Redis cannot say whether a nonce is new, the
 * request is refused with 503 (fail closed: a subgraph never acts on a
 * request it cannot tell from a replay); the gateway shows its caller the
 * subgraph's error. A signed request acts as the principal it names.
 *
 * Needs the raw body (the signature covers its digest): apps start with
 * `rawBody: true` (bootstrapApp, createTestApp).
 */
@Injectable()
export class GatewaySignatureMiddleware implements NestMiddleware {
  private readonly secret: string;
  private readonly logger = new Logger('GatewaySignature');

  constructor(
    @InjectPlatformConfig() private readonly config: PlatformConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
  ) {
    this.secret = requireSubgraphSecret(config);
  }

  async use(req: RawBodyRequest<Request>, res: Response, next: NextFunction) {
    const check = verifySignedRequest(this.secret, this.config.appName, { method: req.method, url: req.originalUrl, headers: req.headers, body: req.rawBody });
    if (!check.principal) return refuse(res, 401, 'UNAUTHENTICATED', check.problem);
    let fresh: boolean;
    try {
      fresh = await this.isFirstUse(check.nonce);
    } catch (error) {
      this.logger.warn(`signed request refused: its nonce cannot be checked (${(error as Error).message})`);
      return refuse(res, 503, 'UNAVAILABLE', 'the request signature cannot be checked for replay now (Redis is unreachable); try again');
    }
    if (!fresh) return refuse(res, 401, 'UNAUTHENTICATED', 'this signed request was already received: a signature is good for one request');
    req.principal = check.principal;
    next();
  }

  /** Remembers the nonce for the signature's life; false when it was already there. Throws when Redis cannot say within ENQUEUE_TIMEOUT_MS. */
  private async isFirstUse(nonce: string): Promise<boolean> {
    const timeoutMs = this.config.enqueueTimeoutMs;
    // The client fails fast while disconnected (no offline queue); right after boot or a reconnect, wait for it.
    if (this.redis.status !== 'ready') await once(this.redis, 'ready', { signal: AbortSignal.timeout(timeoutMs) }).catch(() => Promise.reject(new Error(`Redis is ${this.redis.status}`)));
    const key = `${this.config.queuePrefix}:signature-nonce:${this.config.appName}:${nonce}`;
    return (await withTimeout(this.redis.set(key, '1', 'PX', 2 * SIGNATURE_MAX_SKEW_MS, 'NX'), timeoutMs, 'Redis did not answer')) === 'OK';
  }
}

function refuse(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}
