import { BadRequestException } from '@nestjs/common';

/** REST accepts the seed's lower-case enum spellings (`"sev2"`); the graph's enums are UPPER_CASE. */
export const toEnumValue = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** Upper-cases the named enum fields of a JSON body, leaving everything else as sent. */
export function withEnumValues(body: unknown, fields: string[]): Record<string, unknown> {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  for (const field of fields) if (field in input) input[field] = toEnumValue(input[field]);
  return input;
}

/** `?status=open,investigating` → ['OPEN', 'INVESTIGATING']. */
export const enumList = (value: unknown): string[] | undefined =>
  typeof value === 'string' && value ? value.split(',').map((item) => String(toEnumValue(item))) : undefined;

/** `?active=true` → true; anything but true/false is a 400 naming the parameter. */
export const booleanParam = (name: string, value: unknown): boolean | undefined => {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BadRequestException(`query parameter ${name} must be true or false`);
};

/** The page of a list: `?limit=` (or `first=`) and `after=`. */
export const pageParams = (query: Record<string, string | undefined>) => {
  const first = query.limit ?? query.first;
  return { first: first === undefined ? undefined : Number(first), after: query.after };
};
