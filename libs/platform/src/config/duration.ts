import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(ms|s|m|h|d)/gy;

/**
 * A duration written as Prometheus and Alertmanager write them (`90s`, `30m`,
 * `1h`, `7d`, `1h30m`; units ms, s, m, h, d), in milliseconds. Throws naming
 * the mistake for anything else (a bare number, an unknown unit, zero).
 */
export function parseDuration(text: string): number {
  const source = text.trim();
  if (source === '') throw new Error('the duration is empty: expected e.g. "30m", "1h" or "7d"');
  let total = 0;
  PART.lastIndex = 0;
  for (let at = 0; at < source.length; ) {
    const match = PART.exec(source);
    if (!match) throw new Error(`"${source}" is not a duration: expected a number and a unit (ms, s, m, h, d) such as "30m", "1h" or "7d"`);
    total += Number(match[1]) * UNIT_MS[match[2]];
    at = PART.lastIndex;
  }
  if (!(total > 0) || !Number.isSafeInteger(total)) throw new Error(`the duration "${source}" must be more than zero and finite`);
  return total;
}

/** A zod duration (see parseDuration) in milliseconds, `fallback` when unset. */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDuration(text);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    });
