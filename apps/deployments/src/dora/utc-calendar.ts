/** UTC days and months, the grain of DORA rollups and periods (instants as epoch milliseconds or Dates). */
export const DAY_MS = 86_400_000;

const ms = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());

/** The UTC calendar day of an instant, '2026-03-01'. */
export const utcDay = (at: Date | number): string => new Date(ms(at)).toISOString().slice(0, 10);

export const startOfUtcDay = (at: Date | number): number => Math.floor(ms(at) / DAY_MS) * DAY_MS;

export function startOfUtcMonth(at: Date | number): number {
  const date = new Date(ms(at));
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function nextUtcMonth(at: Date | number): number {
  const date = new Date(ms(at));
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

export const isUtcMonthStart = (at: Date | number): boolean => startOfUtcMonth(at) === ms(at);
