import { API_TOKEN_PREFIX, Principal } from '@companyos/contracts';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiTokenVerifier } from './api-token-verifier';
import { AuthRefusal } from './auth-refusal';
import { bearerCredential } from './bearer-token';
import { JwtVerifier } from './jwt-verifier';

/**
 * Who is calling: `Authorization: Bearer <credential>`, where the credential
 * is an API token (`cos_…`, for CI/CD and tools) or a JWT (people, through
 * JWT_SECRET or the OIDC issuer). Throws an AuthRefusal saying what is wrong.
 */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly apiTokens: ApiTokenVerifier,
    private readonly jwts: JwtVerifier,
  ) {}

  authenticate(req: Request): Promise<Principal> {
    const header = req.headers.authorization;
    if (!header) throw new AuthRefusal('CREDENTIALS_MISSING', 'send Authorization: Bearer <API token or JWT>');
    const token = bearerCredential(header);
    if (!token) throw new AuthRefusal('CREDENTIALS_MALFORMED', 'the Authorization header must be "Bearer <API token or JWT>"');
    return token.startsWith(API_TOKEN_PREFIX) ? this.apiTokens.verify(token) : this.jwts.verify(token);
  }
}
