import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time (both sides are
 * hashed first, so neither the token's length nor its prefix leaks).
 */
export function verifyBearerToken(expected: string, header: string | undefined): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), digest(expected));
}
