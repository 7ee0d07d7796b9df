import { API_TOKEN_VERIFY_PATH, apiTokenRevocationsChannel, ApiTokenVerification, hashApiToken, Principal } from '@companyos/contracts';
import { createRedisClient, InjectPlatformConfig, PlatformConfig, RedisClient, requireSubgraphSecret, servicePrincipal, signedRequestHeaders } from '@companyos/platform';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { AuthRefusal } from './auth-refusal';

/** How long the gateway waits for the access app to check a token. */
const VERIFY_TIMEOUT_MS = 2_000;
/** Verified tokens kept at most (oldest dropped first). */
const MAX_CACHED = 10_000;

interface CachedPrincipal {
  principal: Principal;
  /** Unix ms: the end of API_TOKEN_CACHE_MS, or the token's expiry if sooner. */
  until: number;
}

/**
 * API tokens are checked by the access app, which owns them (stored
 * hashed): a signed internal call. If it cannot answer, the request is
 * refused with 503, never let through. A verified token is remembered for
 * API_TOKEN_CACHE_MS (never past its expiry), keyed by its SHA-256, but only
 * while this gateway is subscribed to the access app's revocation channel in
 * Redis: every revocation message drops the whole cache, so a revocation
 * holds at once on every gateway, and a cache hit costs no Redis round trip.
 * When the subscription is down (Redis away), nothing is taken from the
 * cache; it is emptied again when the subscription is back (messages sent
 * meanwhile were missed). A verification is cached only if no revocation
 * message (and no loss of the subscription) came while it was in flight:
 * one that started before a revocation (and may have read the token before
 * it was revoked) is used for its own request but never remembered.
 */
@Injectable()
export class ApiTokenVerifier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiTokenVerifier.name);
  private readonly url: string;
  private readonly secret: string;
  private readonly cache = new Map<string, CachedPrincipal>();
  private subscriber?: RedisClient;
  private subscribed = false;
  /** Moves on every revocation message and every change of the subscription: a verification spanning a move is not cached. */
  private generation = 0;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {
    this.url = new URL(API_TOKEN_VERIFY_PATH, config.subgraphUrls.access).toString();
    this.secret = requireSubgraphSecret(platform);
  }

  /** Whether verifications may be cached now (subscribed to revocations). */
  get listening(): boolean {
    return this.subscribed;
  }

  onModuleInit() {
    if (this.config.apiTokenCacheMs <= 0) return;
    const channel = apiTokenRevocationsChannel(this.platform.queuePrefix);
    // Its own connection (a subscribed connection takes no other commands), subscribed anew on each connect.
    const subscriber = createRedisClient(this.platform, 'subscriber');
    this.subscriber = subscriber;
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(
        () => this.revoked(true),
        (error: Error) => this.logger.warn(`cannot subscribe to API-token revocations (${error.message}): every token is checked with the access app`),
      );
    });
    subscriber.on('message', (from: string) => {
      if (from === channel) this.revoked(this.subscribed);
    });
    subscriber.on('close', () => this.revoked(false));
    subscriber.on('error', (error: Error) => this.logger.warn(`API-token revocation subscription: ${error.message}`));
  }

  onApplicationShutdown() {
    this.subscriber?.disconnect();
  }

  async verify(token: string): Promise<Principal> {
    const key = hashApiToken(token);
    if (this.subscribed) {
      const cached = this.cache.get(key);
      if (cached && cached.until > Date.now()) return cached.principal;
    }
    const generation = this.generation;
    const { principal, expiresAt } = await this.verifyWithAccessApp(token);
    if (this.subscribed && this.generation === generation) {
      this.remember(key, { principal, until: Math.min(Date.now() + this.config.apiTokenCacheMs, Date.parse(expiresAt)) });
    }
    return principal;
  }

  /** A revocation, or the subscription gained or lost: whatever was cached may be stale. */
  private revoked(subscribed: boolean) {
    this.subscribed = subscribed;
    this.generation++;
    this.cache.clear();
  }

  private remember(key: string, entry: CachedPrincipal) {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, entry);
  }

  private async verifyWithAccessApp(token: string): Promise<{ principal: Principal; expiresAt: string }> {
    let response: Response;
    try {
      const body = JSON.stringify({ token });
      const signed = signedRequestHeaders(this.secret, { subgraph: 'access', method: 'POST', url: this.url, body, principal: servicePrincipal(this.platform.appName) });
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body,
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AuthRefusal('AUTH_UNAVAILABLE', `API tokens cannot be checked now (access app: ${(error as Error).message})`, 503);
    }
    const body = (await response.json().catch(() => ({}))) as Partial<ApiTokenVerification>;
    if (response.ok && 'principal' in body && body.principal && body.expiresAt) return { principal: body.principal, expiresAt: body.expiresAt };
    if (response.status === 401 && 'code' in body && body.code) throw new AuthRefusal(body.code, body.message ?? 'the API token was refused');
    throw new AuthRefusal('AUTH_UNAVAILABLE', `API tokens cannot be checked now (access app answered ${response.status})`, 503);
  }
}
