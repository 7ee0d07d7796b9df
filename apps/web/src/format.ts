/** "↑ 12 % vs previous 30 days" from a relative change (0.12); "—" when there is none. */
export function changeLabel(change: number | null | undefined, period: string): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return `— vs ${period}`;
  const percent = Math.round(Math.abs(change) * 100);
  if (percent === 0) return `→ 0 % vs ${period}`;
  return `${change > 0 ? '↑' : '↓'} ${percent} % vs ${period}`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  return `${duration(seconds)} ago`;
}

export const percent = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)} %`;

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
