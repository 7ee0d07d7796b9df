import { usageError } from './cli-errors';

/** A required option's value, trimmed and bounded, or a usage error naming the option. */
export function required(value: string | undefined, option: string, hint = ''): string {
  const text = value?.trim();
  if (!text) throw usageError(`${option} is required${hint ? ` ${hint}` : ''}`);
  return bounded(text, option);
}

/** An optional value, trimmed; empty counts as absent. */
export function optional(value: string | undefined, option: string): string | undefined {
  const text = value?.trim();
  return text ? bounded(text, option) : undefined;
}

export function bounded(text: string, option: string, max = 2000): string {
  if (text.length > max) throw usageError(`${option} is longer than ${max} characters`);
  return text;
}

/** One of `allowed` (upper case), given in any case; `aliases` map other spellings (`1` → `SEV1`). */
export function oneOf<T extends string>(value: string, option: string, allowed: readonly T[], aliases: Record<string, T> = {}): T {
  const key = value.trim().toUpperCase();
  const found = aliases[key] ?? (allowed as readonly string[]).find((candidate) => candidate === key);
  if (!found) throw usageError(`${option} must be one of ${allowed.map((a) => a.toLowerCase()).join(', ')}, not ${JSON.stringify(value)}`);
  return found as T;
}

/** A comma-separated (or repeated) list of one-of values. */
export function listOf<T extends string>(values: string[] | string | undefined, option: string, allowed: readonly T[], aliases: Record<string, T> = {}): T[] | undefined {
  const items = splitList(values);
  return items.length ? [...new Set(items.map((item) => oneOf(item, option, allowed, aliases)))] : undefined;
}

/** `a,b` and repeated options alike → ['a', 'b'], blanks dropped. */
export function splitList(values: string[] | string | undefined): string[] {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  return list.flatMap((value) => value.split(',')).map((item) => item.trim()).filter(Boolean);
}

/** A whole number in [min, max], or a usage error. */
export function integer(value: string | undefined, option: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`${option} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

/** An ISO 8601 date-time, or a usage error. */
export function dateTime(value: string | undefined, option: string): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw usageError(`${option} must be an ISO 8601 date-time (2026-05-04T10:00:00Z), not ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}

/** An id argument: non-blank, one token, bounded. */
export function id(value: string | undefined, what: string): string {
  const text = required(value, what);
  if (/\s/.test(text) || text.length > 200) throw usageError(`${what} ${JSON.stringify(text)} is not an id`);
  return text;
}

/** Drops undefined members, so the gateway sees only what was given. */
export function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
