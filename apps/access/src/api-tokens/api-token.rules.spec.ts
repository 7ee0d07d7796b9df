import { ApiTokenRefusals, hashApiToken } from '@companyos/contracts';
import { createHash } from 'node:crypto';
import {
  displayPrefixOf,
  expiryOf,
  generateApiToken,
  isLastUseStale,
  isValidApiTokenName,
  isValidExpiryDays,
  looksLikeApiToken,
  refusalOf,
} from './api-token.rules';

describe('API token rules', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');

  it('makes tokens of cos_ and 32 random bytes in base64url, never the same twice', () => {
    const tokens = Array.from({ length: 50 }, generateApiToken);
    for (const token of tokens) {
      expect(token).toMatch(/^cos_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
      expect(looksLikeApiToken(token)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('stores the sha256 of the whole token in hex, and shows its first 12 characters', () => {
    const token = generateApiToken();
    expect(hashApiToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPrefixOf(token)).toBe(token.slice(0, 12));
    expect(displayPrefixOf(token)).toMatch(/^cos_.{8}$/);
  });

  it.each(['', 'cos_', 'Bearer cos_x', `xyz_${'a'.repeat(43)}`, `cos_${'a'.repeat(42)}`, `cos_${'a'.repeat(44)}`, `cos_${'a'.repeat(42)}=`])(
    'does not take %j for a token',
    (text) => expect(looksLikeApiToken(text)).toBe(false),
  );

  it('expires whole days after creation', () => {
    expect(expiryOf(now, 90).toISOString()).toBe('2027-02-22T12:00:00.000Z');
    expect(expiryOf(now, 1).toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(expiryOf(now, 730).toISOString()).toBe('2028-11-23T12:00:00.000Z');
  });

  it.each([
    [1, true],
    [90, true],
    [730, true],
    [0, false],
    [731, false],
    [1.5, false],
    [-3, false],
    [Number.NaN, false],
  ])('expiresInDays %p valid: %p', (days, valid) => expect(isValidExpiryDays(days)).toBe(valid));

  it.each([
    ['ci', true],
    ['grafana reader', true],
    ['deploy@acme/api:prod_1.2-x', true],
    ['a'.repeat(100), true],
    ['a'.repeat(101), false],
    ['', false],
    [' leading-space', false],
    ['-dash-first', false],
    ['new\nline', false],
    ['émile', false],
  ])('name %j valid: %p', (name, valid) => expect(isValidApiTokenName(name)).toBe(valid));

  describe('refusals', () => {
    const good = { expiresAt: new Date(now.getTime() + 1000), revokedAt: null, lastUsedAt: null };

    it('accepts a token that is neither revoked nor expired', () => expect(refusalOf(good, now)).toBeNull());

    it('refuses an unknown token without saying more', () =>
      expect(refusalOf(null, now)).toEqual({ code: ApiTokenRefusals.Unknown, message: 'the API token is not valid' }));

    it('refuses a token at and after its expiry', () => {
      expect(refusalOf({ ...good, expiresAt: now }, now)?.code).toBe(ApiTokenRefusals.Expired);
      expect(refusalOf({ ...good, expiresAt: new Date(now.getTime() - 1) }, now)?.code).toBe(ApiTokenRefusals.Expired);
    });

    it('says revoked for a revoked token, expired or not', () => {
      expect(refusalOf({ ...good, revokedAt: now }, now)?.code).toBe(ApiTokenRefusals.Revoked);
      expect(refusalOf({ ...good, revokedAt: now, expiresAt: new Date(0) }, now)?.code).toBe(ApiTokenRefusals.Revoked);
    });
  });

  it('records a use at most once a minute', () => {
    expect(isLastUseStale(null, now)).toBe(true);
    expect(isLastUseStale(new Date(now.getTime() - 59_999), now)).toBe(false);
    expect(isLastUseStale(new Date(now.getTime() - 60_000), now)).toBe(true);
  });
});
