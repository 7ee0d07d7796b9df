import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';

/** GitHub's `X-Hub-Signature-256` for a body: `sha256=` + hex HMAC-SHA256 with the webhook secret. */
export const signGithubBody = (secret: string, body: Buffer | string): string =>
  PREFIX + createHmac('sha256', secret).update(body).digest('hex');

/** Checks a signature header against the raw body in constant time. */
export function verifyGithubSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith(PREFIX)) return false;
  const expected = Buffer.from(signGithubBody(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
