import type { ParsedRunbook } from './runbook-file.rules';

/** What the catalog holds of a runbook, as far as a sync cares. */
export interface StoredRunbook {
  id: string;
  path: string;
  contentHash: string;
  retired: boolean;
  /** Synced from RUNBOOKS_DIR (only those are retired when their file is gone), not posted. */
  fromDirectory: boolean;
}

export interface SyncPlan {
  create: ParsedRunbook[];
  /** Changed content, or a retired runbook whose file is back. */
  update: { id: string; runbook: ParsedRunbook }[];
  retire: StoredRunbook[];
  unchanged: number;
}

/**
 * Decides what a sync does, by path and content hash.
 * `complete`: the runbooks are the whole catalog (a RUNBOOKS_DIR sync), so a
 * stored runbook from the directory whose path is neither among them nor among the paths that
 * failed to parse is retired. A posted body is not complete: it only creates
 * and updates. A path that failed to parse keeps its stored version as it is.
 */
export function planSync(stored: StoredRunbook[], found: ParsedRunbook[], failedPaths: ReadonlySet<string>, complete: boolean): SyncPlan {
  const byPath = new Map(stored.map((runbook) => [runbook.path, runbook]));
  const plan: SyncPlan = { create: [], update: [], retire: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const runbook of found) {
    seen.add(runbook.path);
    const existing = byPath.get(runbook.path);
    if (!existing) plan.create.push(runbook);
    else if (existing.retired || existing.contentHash !== runbook.hash) plan.update.push({ id: existing.id, runbook });
    else plan.unchanged++;
  }
  if (complete) {
    for (const runbook of stored) {
      if (runbook.fromDirectory && !runbook.retired && !seen.has(runbook.path) && !failedPaths.has(runbook.path)) plan.retire.push(runbook);
    }
  }
  return plan;
}
