import { closeSync, openSync, readSync } from 'node:fs';

type Env = Record<string, string | undefined>;

/** What a GitHub Actions job knows about itself, from the variables the runner sets. */
export interface GithubRun {
  repository?: string;
  sha?: string;
  actor?: string;
  /** `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`. */
  runUrl?: string;
  /** `<repository>/<run id>/<attempt>`: the same in every step of one attempt of one run. */
  runKey?: string;
  /** The pushed head commit's time (from the event payload at GITHUB_EVENT_PATH), for lead time. */
  commitTimestamp?: string;
}

const MAX_EVENT_BYTES = 8 * 1024 * 1024;

/** Reads at most MAX_EVENT_BYTES of the event payload; a missing, huge or malformed file gives nothing. */
export function readEventPayload(path: string | undefined): unknown {
  if (!path) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(MAX_EVENT_BYTES + 1);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    if (read > MAX_EVENT_BYTES) return undefined;
    return JSON.parse(buffer.subarray(0, read).toString('utf8'));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The head commit's timestamp of a push event payload, if it is a valid date. */
export function headCommitTimestamp(payload: unknown): string | undefined {
  const timestamp = (payload as { head_commit?: { timestamp?: unknown } } | undefined)?.head_commit?.timestamp;
  return typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp)) ? timestamp : undefined;
}

/** The run as GitHub Actions describes it; empty outside Actions (every field undefined). */
export function githubRun(env: Env, payload: unknown = readEventPayload(env.GITHUB_EVENT_PATH)): GithubRun {
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const repository = value('GITHUB_REPOSITORY');
  const runId = value('GITHUB_RUN_ID');
  const server = (value('GITHUB_SERVER_URL') ?? 'https://github.com').replace(/\/+$/, '');
  return {
    repository,
    sha: value('GITHUB_SHA'),
    actor: value('GITHUB_ACTOR'),
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
    runKey: repository && runId ? `${repository}/${runId}/${value('GITHUB_RUN_ATTEMPT') ?? '1'}` : undefined,
    commitTimestamp: headCommitTimestamp(payload),
  };
}
