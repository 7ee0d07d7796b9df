/**
 * Where a parsed JSON value holds a NUL character (U+0000), as a path such
 * as `alerts.3.annotations.summary`, or null when it holds none. PostgreSQL
 * stores neither a `text` nor a `jsonb` string with a NUL in it, so input is
 * checked with this at the door and refused naming the place, instead of
 * failing later as an internal error. Keys are checked too. Iterative, so a
 * deeply nested document cannot exhaust the stack.
 */
export function nulCharacterPath(value: unknown, root = ''): string | null {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path || '(root)';
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push([item[i], join(path, String(i))]);
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (key.includes('\u0000')) return join(path, JSON.stringify(key).slice(1, -1));
        pending.push([child, join(path, key)]);
      }
    }
  }
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
