import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';

/** What the dashboard needs to offer a sign-in through the OIDC issuer (OIDC_ISSUER with OIDC_CLIENT_ID), or null. */
export interface AuthConfig {
  oidc: { issuer: string; clientId: string; audience: string } | null;
}

/** The `oidc` part of `GET /api/companyos/auth/config`: on only when both the issuer and the dashboard's client id are set. */
export function oidcSignIn(jwt: GatewayConfig['jwt']): AuthConfig['oidc'] {
  if (!jwt.oidcIssuer || !jwt.oidcClientId || !jwt.oidcAudience) return null;
  return { issuer: jwt.oidcIssuer, clientId: jwt.oidcClientId, audience: jwt.oidcAudience };
}

const AUTH_CONFIG_SCHEMA = {
  type: 'object',
  required: ['oidc'],
  properties: {
    oidc: {
      type: 'object',
      nullable: true,
      required: ['issuer', 'clientId', 'audience'],
      properties: {
        issuer: { type: 'string', description: 'OIDC_ISSUER: where the dashboard discovers the authorization and token endpoints' },
        clientId: { type: 'string', description: 'OIDC_CLIENT_ID: the dashboard\'s public client (PKCE, no secret)' },
        audience: { type: 'string', description: 'The `aud` the gateway accepts (OIDC_AUDIENCE, else OIDC_CLIENT_ID): the dashboard sends the token carrying it' },
      },
    },
  },
};

/**
 * `GET /api/companyos/auth/config`, needing no credential: the sign-in page
 * asks it before anyone is signed in. It names only public client settings
 * (an issuer URL and a public client id), never a secret.
 */
@ApiTags('auth')
@Controller('api/companyos/auth')
export class AuthConfigController {
  constructor(@InjectGatewayConfig() private readonly config: GatewayConfig) {}

  @ApiOperation({ summary: 'How the dashboard may sign in: through the OIDC issuer (when set) or with a pasted token (no credential needed)' })
  @ApiResponse({ status: 200, description: 'The OIDC issuer and public client id, or `oidc: null` when sign-in through an issuer is off.', schema: AUTH_CONFIG_SCHEMA })
  @Get('config')
  @Header('Cache-Control', 'no-store')
  authConfig(): AuthConfig {
    return { oidc: oidcSignIn(this.config.jwt) };
  }
}
