import { nulCharacterPath } from '@companyos/platform';
import { BadRequestException } from '@nestjs/common';
import type { ZodError } from 'zod';

/**
 * The JSON document of a webhook body. GitHub sends either
 * `application/json` or a form with the JSON in its `payload` field.
 */
export function parseWebhookBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (!body.length) throw new BadRequestException('request body is empty');
  let text = body.toString('utf8');
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) throw new BadRequestException('form body has no "payload" field');
    text = payload;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestException('body must be a JSON object');
  }
  // JSON can only carry a NUL escaped, so a body without the escape needs no walk.
  const nul = text.includes('\\u0000') ? nulCharacterPath(parsed) : null;
  if (nul) throw new BadRequestException(`body holds a NUL character (U+0000) at ${nul}, which cannot be stored`);
  return parsed as Record<string, unknown>;
}

/** "invalid issues payload: issue.number: Required; repository: Required" */
export function describeInvalidPayload(event: string, error: ZodError): string {
  const problems = error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return `invalid ${event} payload: ${problems.join('; ')}`;
}
