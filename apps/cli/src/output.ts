/** What a command produced: the JSON for --json, the text for people, and how to exit. */
export interface Outcome {
  json: unknown;
  text: string;
  /** Default 0; the release gate answers 1 when denied. */
  exitCode?: number;
  /** A line for stderr (a denial's reason), printed in both modes. */
  notice?: string;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u001b]/g;

/** A value as one printable cell: no control characters (a title cannot repaint the terminal), bounded. */
export function cell(value: unknown, max = 60): string {
  if (value === null || value === undefined || value === '') return '-';
  const text = (Array.isArray(value) ? value.join(',') : String(value)).replace(/\s+/g, ' ').replace(CONTROL, '?');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Rows under a header, columns padded to their widest cell; "(none)" when there are no rows. */
export function table(headers: string[], rows: unknown[][]): string {
  if (!rows.length) return '(none)';
  const cells = rows.map((row) => row.map((value) => cell(value)));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** `key: value` lines, keys aligned; null values shown as "-". */
export function fields(pairs: [string, unknown][]): string {
  const width = Math.max(...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${cell(value, 200)}`).join('\n');
}

/** The JSON printed for --json: one document, two-space indented, newline-terminated. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
