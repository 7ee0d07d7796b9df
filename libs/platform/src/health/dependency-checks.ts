import { withTimeout } from '../async/with-timeout';

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** Runs a probe with a deadline; a probe that hangs counts as down. */
export async function runCheck(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(probe(), timeoutMs, `no answer within ${timeoutMs} ms`);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}
