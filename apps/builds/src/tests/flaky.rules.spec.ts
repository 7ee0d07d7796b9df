import { classify, failureRate, flipRate, isInfraFailure, TestHistory, TestState } from './flaky.rules';

const history = (fields: Partial<TestHistory>): TestHistory => ({
  runs: 10,
  failures: 0,
  flakyCommits: 0,
  defaultBranchRuns: 10,
  flips: 0,
  failingStreak: 0,
  ...fields,
});

describe('classify', () => {
  it('a test that passed and failed on one commit is FLAKY, even with a small sample', () => {
    expect(classify(history({ runs: 2, failures: 1, flakyCommits: 1, defaultBranchRuns: 2, flips: 1 }))).toBe(TestState.FLAKY);
  });

  it('consistently failing is BROKEN, never FLAKY: every result failed, or the last minSample did', () => {
    expect(classify(history({ runs: 2, failures: 2 }))).toBe(TestState.BROKEN);
    // Flaky last week, failing every time since: broken now.
    expect(classify(history({ runs: 12, failures: 8, flakyCommits: 3, flips: 4, failingStreak: 5 }))).toBe(TestState.BROKEN);
  });

  it('a flip rate at the threshold over the minimum sample of default-branch runs is FLAKY; below the sample it is not', () => {
    expect(classify(history({ runs: 10, failures: 3, defaultBranchRuns: 10, flips: 2 }))).toBe(TestState.FLAKY);
    expect(classify(history({ runs: 4, failures: 2, defaultBranchRuns: 4, flips: 3 }))).toBe(TestState.HEALTHY);
    expect(classify(history({ runs: 20, failures: 1, defaultBranchRuns: 20, flips: 1 }))).toBe(TestState.HEALTHY);
  });

  it('a test that always passed, or failed once, is HEALTHY', () => {
    expect(classify(history({}))).toBe(TestState.HEALTHY);
    expect(classify(history({ runs: 1, failures: 1, defaultBranchRuns: 1, failingStreak: 1 }))).toBe(TestState.HEALTHY);
  });
});

describe('rates', () => {
  it('flip rate = flips ÷ default-branch runs; failure rate = failures ÷ runs; 0 with no runs', () => {
    expect(flipRate(history({ defaultBranchRuns: 8, flips: 2 }))).toBe(0.25);
    expect(failureRate(history({ runs: 4, failures: 1 }))).toBe(0.25);
    expect(flipRate(history({ defaultBranchRuns: 0 }))).toBe(0);
    expect(failureRate(history({ runs: 0 }))).toBe(0);
  });
});

describe('isInfraFailure', () => {
  it('more than 80 % of at least 5 non-skipped tests failed or errored', () => {
    expect(isInfraFailure({ passed: 1, failed: 4, errored: 1 })).toBe(true);
    expect(isInfraFailure({ passed: 1, failed: 4, errored: 0 })).toBe(false); // exactly 80 %
    expect(isInfraFailure({ passed: 0, failed: 1, errored: 0 })).toBe(false); // one failing test is a test failure
    expect(isInfraFailure({ passed: 0, failed: 0, errored: 5 })).toBe(true);
  });
});
