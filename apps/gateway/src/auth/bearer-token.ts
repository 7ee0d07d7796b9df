import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The credential of an `Authorization: Bearer <credential>` header, or null when the header is not one. */
export function bearerCredential(header: string | undefined): string | null {
  return /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '')?.[1] ?? null;
}

/**
 * Checks `Authorization: Bearer <token>` in constant time (both sides are
 * hashed first, so neither the token's length nor its prefix leaks).
 */
export function verifyBearerToken(expected: string, header: string | undefined): boolean {
  const credential = bearerCredential(header);
  return credential !== null && timingSafeEqual(digest(credential), digest(expected));
}
