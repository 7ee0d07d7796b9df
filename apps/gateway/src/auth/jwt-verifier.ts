import { ACCESS_ROLES, AccessRole, isAccessRole, Principal, roleAtLeast } from '@companyos/contracts';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTPayload, jwtVerify } from 'jose';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { AuthRefusal } from './auth-refusal';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * People's bearer JWTs: HS256 signed with JWT_SECRET (with `iss` and `aud`
 * checked when JWT_ISSUER and JWT_AUDIENCE are set), or signed by the OIDC
 * issuer's keys (found through its discovery document) when OIDC_ISSUER is
 * set, for the configured audience only. `exp` and `sub` are required; the role comes from JWT_ROLE_CLAIM (a
 * string or a list; the highest known role wins; none → viewer).
 */
@Injectable()
export class JwtVerifier {
  private keySet?: Promise<KeySet>;
  private readonly secretKey: Uint8Array | null;

  constructor(@InjectGatewayConfig() private readonly config: GatewayConfig) {
    this.secretKey = config.jwt.secret ? new TextEncoder().encode(config.jwt.secret) : null;
  }

  async verify(token: string): Promise<Principal> {
    const { jwt } = this.config;
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthRefusal('TOKEN_MALFORMED', 'the bearer token is neither an API token (cos_…) nor a JWT');
    }
    let payload: JWTPayload;
    try {
      if (alg?.startsWith('HS')) {
        if (!this.secretKey) throw new AuthRefusal('JWT_NOT_ACCEPTED', 'HS256 JWTs are not accepted here (JWT_SECRET is not set)');
        ({ payload } = await jwtVerify(token, this.secretKey, {
          algorithms: ['HS256'],
          issuer: jwt.issuer ?? undefined,
          audience: jwt.audience ?? undefined,
          requiredClaims: ['exp', 'sub'],
        }));
      } else {
        if (!jwt.oidcIssuer) throw new AuthRefusal('JWT_NOT_ACCEPTED', `${alg ?? 'unsigned'} JWTs are not accepted here (OIDC_ISSUER is not set)`);
        // The configuration refuses OIDC_ISSUER without an audience; never verify one without it.
        if (!jwt.oidcAudience) throw new AuthRefusal('AUTH_UNAVAILABLE', 'OIDC JWTs cannot be checked: no audience is configured', 503);
        ({ payload } = await jwtVerify(token, await this.issuerKeys(jwt.oidcIssuer), {
          issuer: jwt.oidcIssuer,
          audience: jwt.oidcAudience,
          requiredClaims: ['exp', 'sub'],
        }));
      }
    } catch (error) {
      if (error instanceof AuthRefusal) throw error;
      if (error instanceof errors.JWTExpired) throw new AuthRefusal('TOKEN_EXPIRED', 'the JWT has expired');
      throw new AuthRefusal('TOKEN_INVALID', `the JWT was refused: ${(error as Error).message}`);
    }
    const sub = String(payload.sub);
    const name = [payload.preferred_username, payload.email, sub].find((value): value is string => typeof value === 'string' && value.length > 0) ?? sub;
    return { id: `jwt:${sub}`, name, role: roleOf(payload[jwt.roleClaim]), via: 'jwt' };
  }

  /** The issuer's key set, from its discovery document (fetched once; again after a failure). */
  private issuerKeys(issuer: string): Promise<KeySet> {
    this.keySet ??= (async () => {
      const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(discovery, { signal: AbortSignal.timeout(5_000) });
      const document = (await response.json().catch(() => ({}))) as { jwks_uri?: unknown };
      if (!response.ok || typeof document.jwks_uri !== 'string') throw new Error(`${discovery} answered ${response.status} without a jwks_uri`);
      return createRemoteJWKSet(new URL(document.jwks_uri));
    })().catch((error: Error) => {
      this.keySet = undefined;
      throw new AuthRefusal('AUTH_UNAVAILABLE', `the OIDC issuer's keys could not be read: ${error.message}`, 503);
    });
    return this.keySet;
  }
}

/** The highest known role a claim names (`"admin"`, `["viewer","responder"]`); viewer when it names none. */
export function roleOf(claim: unknown): AccessRole {
  const values = (Array.isArray(claim) ? claim : [claim]).map((value) => String(value).toLowerCase()).filter(isAccessRole);
  return values.reduce<AccessRole>((best, role) => (roleAtLeast(role, best) ? role : best), ACCESS_ROLES[0]);
}
