import { API_TOKEN_PREFIX, ApiTokenRefusal, ApiTokenRefusals } from '@companyos/contracts';
import { randomBytes } from 'node:crypto';

/** How long a new token lives unless told: 90 days, at most two years. */
export const API_TOKEN_EXPIRY_DAYS = { min: 1, max: 730, default: 90 } as const;

/**
 * A token's name: 1–100 letters, digits, spaces and `_ . - @ : /`, starting
 * with a letter or digit. It becomes the principal's name (`token:<name>`),
 * which travels in HTTP headers and audit lines, so nothing else is allowed.
 */
export const API_TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.@:/-]{0,99}$/;
export const API_TOKEN_NAME_RULE = 'name must be 1–100 letters, digits, spaces or _ . - @ : / (starting with a letter or digit)';

/** How many characters of a token are kept in clear, to tell tokens apart in lists. */
export const API_TOKEN_DISPLAY_LENGTH = 12;

/** last_used_at is written at most this often per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const DAY_MS = 24 * 3600_000;
const RANDOM_BYTES = 32;
/** `cos_` and 32 random bytes in base64url (43 characters, no padding). */
const TOKEN_SHAPE = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/** A new secret token: `cos_` + base64url(32 random bytes). */
export const generateApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(RANDOM_BYTES).toString('base64url')}`;

/** The clear beginning of a token shown in lists (`cos_AbCdEfGh`). */
export const displayPrefixOf = (token: string): string => token.slice(0, API_TOKEN_DISPLAY_LENGTH);

/** Whether a string could be a token this app issued (anything else is not worth a lookup). */
export const looksLikeApiToken = (token: string): boolean => TOKEN_SHAPE.test(token);

export const isValidApiTokenName = (name: string): boolean => API_TOKEN_NAME_PATTERN.test(name);

export const isValidExpiryDays = (days: number): boolean =>
  Number.isInteger(days) && days >= API_TOKEN_EXPIRY_DAYS.min && days <= API_TOKEN_EXPIRY_DAYS.max;

/** When a token created at `createdAt` to live `days` days expires (whole 24-hour days). */
export const expiryOf = (createdAt: Date, days: number): Date => new Date(createdAt.getTime() + days * DAY_MS);

/** What verification knows of a stored token. */
export interface StoredApiToken {
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Why a token is refused at `now`, or null when it is good. The messages say
 * nothing about the token beyond that (no name, no id, no owner).
 */
export function refusalOf(token: StoredApiToken | null, now: Date): { code: ApiTokenRefusal; message: string } | null {
  if (!token) return { code: ApiTokenRefusals.Unknown, message: 'the API token is not valid' };
  if (token.revokedAt) return { code: ApiTokenRefusals.Revoked, message: 'the API token has been revoked; ask an admin for a new one' };
  if (token.expiresAt <= now) return { code: ApiTokenRefusals.Expired, message: 'the API token has expired; ask an admin for a new one' };
  return null;
}

/** Whether a use at `now` should be written to last_used_at (at most once a minute per token). */
export const isLastUseStale = (lastUsedAt: Date | null, now: Date): boolean =>
  !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
