import { API_TOKEN_VERIFY_PATH, ApiTokenVerification, Principal } from '@companyos/contracts';
import { InjectPlatformConfig, PlatformConfig, requireSubgraphSecret, servicePrincipal, signedPrincipalHeaders } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { AuthRefusal } from './auth-refusal';

/** How long the gateway waits for the access app to check a token. */
const VERIFY_TIMEOUT_MS = 2_000;

/**
 * API tokens are checked by the access app, which owns them (stored
 * hashed): one signed internal call per request. If it cannot answer, the
 * request is refused with 503, never let through.
 */
@Injectable()
export class ApiTokenVerifier {
  private readonly url: string;
  private readonly secret: string;

  constructor(@InjectGatewayConfig() config: GatewayConfig, @InjectPlatformConfig() private readonly platform: PlatformConfig) {
    this.url = new URL(API_TOKEN_VERIFY_PATH, config.subgraphUrls.access).toString();
    this.secret = requireSubgraphSecret(platform);
  }

  async verify(token: string): Promise<Principal> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedPrincipalHeaders(this.secret, servicePrincipal(this.platform.appName)) },
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AuthRefusal('AUTH_UNAVAILABLE', `API tokens cannot be checked now (access app: ${(error as Error).message})`, 503);
    }
    const body = (await response.json().catch(() => ({}))) as Partial<ApiTokenVerification>;
    if (response.ok && 'principal' in body && body.principal) return body.principal;
    if (response.status === 401 && 'code' in body && body.code) throw new AuthRefusal(body.code, body.message ?? 'the API token was refused');
    throw new AuthRefusal('AUTH_UNAVAILABLE', `API tokens cannot be checked now (access app answered ${response.status})`, 503);
  }
}
