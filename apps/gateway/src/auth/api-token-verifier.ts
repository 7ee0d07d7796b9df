import { API_TOKEN_VERIFY_PATH, apiTokenRevocationsKey, ApiTokenVerification, hashApiToken, Principal } from '@companyos/contracts';
import { InjectPlatformConfig, PlatformConfig, REDIS_CLIENT, RedisClient, requireSubgraphSecret, servicePrincipal, signedRequestHeaders, withTimeout } from '@companyos/platform';
import { Inject, Injectable } from '@nestjs/common';
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
 * API_TOKEN_CACHE_MS (never past its expiry), keyed by its SHA-256; the
 * whole cache is dropped whenever the access app's revocation counter in
 * Redis moves, so a revocation holds at once on every gateway. When Redis
 * cannot say, nothing is taken from the cache. A verification is cached
 * only if the counter read before it is still the counter after it: one
 * that started before a revocation (and may have read the token before it
 * was revoked) is used for its own request but never remembered.
 */
@Injectable()
export class ApiTokenVerifier {
  private readonly url: string;
  private readonly secret: string;
  private readonly cache = new Map<string, CachedPrincipal>();
  private revocations: string | null = null;

  constructor(
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
  ) {
    this.url = new URL(API_TOKEN_VERIFY_PATH, config.subgraphUrls.access).toString();
    this.secret = requireSubgraphSecret(platform);
  }

  async verify(token: string): Promise<Principal> {
    const key = hashApiToken(token);
    const revocations = this.config.apiTokenCacheMs > 0 ? await this.revocationCount() : null;
    if (revocations !== this.revocations) {
      this.cache.clear();
      this.revocations = revocations;
    }
    const cached = revocations === null ? undefined : this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.principal;
    const { principal, expiresAt } = await this.verifyWithAccessApp(token);
    if (revocations !== null && (await this.revocationCount()) === revocations && this.revocations === revocations) {
      this.remember(key, { principal, until: Math.min(Date.now() + this.config.apiTokenCacheMs, Date.parse(expiresAt)) });
    }
    return principal;
  }

  private remember(key: string, entry: CachedPrincipal) {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, entry);
  }

  /** The access app's revocation counter ('0' before the first revocation), or null when Redis cannot say. */
  private async revocationCount(): Promise<string | null> {
    try {
      const count = await withTimeout(this.redis.get(apiTokenRevocationsKey(this.platform.queuePrefix)), this.platform.enqueueTimeoutMs, 'Redis did not answer');
      return count ?? '0';
    } catch {
      return null;
    }
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
