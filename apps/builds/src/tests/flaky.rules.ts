/**
 * The flaky-test radar's decisions. A test is flaky on a commit when it both
 * passed and failed (or errored) on that commit, across attempts or runs, or
 * a report flagged it (Surefire flakyFailure, a retry that passed). Skipped
 * results and uploads that were infrastructure failures are left out before
 * these rules see anything.
 */

export enum TestState {
  HEALTHY = 'HEALTHY',
  FLAKY = 'FLAKY',
  BROKEN = 'BROKEN',
}

/** An upload where more than this share of its (non-skipped) tests failed is an infrastructure failure, not flakiness. */
export const INFRA_FAILURE_SHARE = 0.8;
/** …when it has at least this many non-skipped tests (one failing test out of one is a test failure). */
export const INFRA_FAILURE_MIN_TESTS = 5;

export function isInfraFailure(counts: { passed: number; failed: number; errored: number }): boolean {
  const ran = counts.passed + counts.failed + counts.errored;
  return ran >= INFRA_FAILURE_MIN_TESTS && (counts.failed + counts.errored) / ran > INFRA_FAILURE_SHARE;
}

export interface RadarPolicy {
  /** Results needed before rates (flip rate, a failing streak) count. */
  minSample: number;
  /** Flip rate at or above which a test is FLAKY (with the minimum sample). */
  flipRateThreshold: number;
}

export const DEFAULT_RADAR_POLICY: RadarPolicy = { minSample: 5, flipRateThreshold: 0.1 };

/** What the window holds about one test (skipped and infrastructure-failure results already left out). */
export interface TestHistory {
  /** Results in the window. */
  runs: number;
  /** Of which failed or errored. */
  failures: number;
  /** Commits on which it both passed and failed, or a report flagged it flaky. */
  flakyCommits: number;
  /** Results on the default branch, and pass↔fail changes between consecutive ones. */
  defaultBranchRuns: number;
  flips: number;
  /** Failed or errored results in a row, newest first. */
  failingStreak: number;
}

export const flipRate = (h: TestHistory): number => (h.defaultBranchRuns ? h.flips / h.defaultBranchRuns : 0);
export const failureRate = (h: TestHistory): number => (h.runs ? h.failures / h.runs : 0);

/**
 * BROKEN when it fails consistently (every result of the window, at least
 * two, or its last minSample results): never FLAKY then, however it got
 * there. FLAKY on direct evidence (a flaky commit) or a flip rate at the
 * threshold over at least minSample default-branch results. HEALTHY otherwise.
 */
export function classify(h: TestHistory, policy: RadarPolicy = DEFAULT_RADAR_POLICY): TestState {
  const alwaysFailed = h.runs >= 2 && h.failures === h.runs;
  if (alwaysFailed || h.failingStreak >= policy.minSample) return TestState.BROKEN;
  if (h.flakyCommits > 0) return TestState.FLAKY;
  if (h.defaultBranchRuns >= policy.minSample && flipRate(h) >= policy.flipRateThreshold) return TestState.FLAKY;
  return TestState.HEALTHY;
}
