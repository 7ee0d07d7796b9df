import { durationSeconds, knownConclusion, matrixGroup, mergeProgress, Progress, queuedSeconds } from './build-run.rules';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const progress = (status: string, fields: Partial<Progress> = {}): Progress => ({
  status,
  conclusion: null,
  createdAt: null,
  startedAt: null,
  completedAt: null,
  ...fields,
});

/** Every order of the list. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const mergeAll = (observations: Progress[]) => observations.reduce<Progress | null>((merged, o) => mergeProgress(merged, o), null);

describe('mergeProgress', () => {
  const queued = progress('queued', { createdAt: at(0) });
  const running = progress('in_progress', { createdAt: at(0), startedAt: at(2) });
  const done = progress('completed', { conclusion: 'failure', createdAt: at(0), startedAt: at(2), completedAt: at(9) });

  it('gives the same result for every order of deliveries, each arriving twice', () => {
    const results = permutations([queued, running, done, done, running]).map(mergeAll);
    for (const result of results) expect(result).toEqual(done);
  });

  it('never moves a status back: a late in_progress after completion keeps the completion and its conclusion', () => {
    expect(mergeProgress(done, running)).toEqual(done);
    expect(mergeProgress(running, queued)).toMatchObject({ status: 'in_progress', startedAt: at(2) });
  });

  it('keeps conclusions as GitHub says them: a cancelled run stays cancelled, not failed', () => {
    const cancelled = progress('completed', { conclusion: 'cancelled', completedAt: at(5) });
    expect(mergeProgress(running, cancelled)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
  });

  it('between two completions takes the later one, whichever arrives first', () => {
    const first = progress('completed', { conclusion: 'failure', completedAt: at(5) });
    const second = progress('completed', { conclusion: 'success', completedAt: at(8) });
    expect(mergeProgress(first, second).conclusion).toBe('success');
    expect(mergeProgress(second, first).conclusion).toBe('success');
    const sameTimeA = progress('completed', { conclusion: 'failure', completedAt: at(5) });
    const sameTimeB = progress('completed', { conclusion: 'success', completedAt: at(5) });
    expect(mergeProgress(sameTimeA, sameTimeB)).toEqual(mergeProgress(sameTimeB, sameTimeA));
  });

  it('takes the earliest creation and start known, and fills a completion without a time from one with', () => {
    const late = progress('in_progress', { createdAt: at(1), startedAt: at(3) });
    expect(mergeProgress(late, running)).toMatchObject({ createdAt: at(0), startedAt: at(2) });
    const untimed = progress('completed', { conclusion: 'success' });
    expect(mergeProgress(untimed, progress('completed', { conclusion: 'success', completedAt: at(7) })).completedAt).toEqual(at(7));
  });

  it('drops a conclusion or completion time sent with a status that is not completed', () => {
    expect(mergeProgress(null, progress('in_progress', { conclusion: 'success', completedAt: at(3) }))).toMatchObject({ conclusion: null, completedAt: null });
  });

  it('ranks a status GitHub has not defined yet below every known one', () => {
    expect(mergeProgress(running, progress('some_new_status')).status).toBe('in_progress');
    expect(mergeProgress(progress('some_new_status'), running).status).toBe('in_progress');
  });
});

describe('matrixGroup', () => {
  it.each([
    ['test (ubuntu-latest, 20)', 'test'],
    ['build (macos-14)', 'build'],
    ['lint', 'lint'],
    ['deploy / smoke (eu, prod)', 'deploy / smoke'],
    ['(weird)', '(weird)'],
    ['e2e (a (b))', 'e2e (a (b))'],
  ])('%s → %s', (name, group) => expect(matrixGroup(name)).toBe(group));
});

describe('timings', () => {
  it('queued = started − created and duration = completed − started, never negative, null while unknown', () => {
    expect(queuedSeconds({ createdAt: at(0), startedAt: at(2) })).toBe(120);
    expect(queuedSeconds({ createdAt: at(5), startedAt: at(2) })).toBe(0);
    expect(queuedSeconds({ createdAt: at(0), startedAt: null })).toBeNull();
    expect(durationSeconds({ startedAt: at(2), completedAt: at(9) })).toBe(420);
    expect(durationSeconds({ startedAt: at(9), completedAt: at(2) })).toBe(0);
  });
});

describe('knownConclusion', () => {
  it('keeps the nine conclusions GitHub documents and nothing else', () => {
    for (const c of ['success', 'failure', 'cancelled', 'timed_out', 'skipped', 'neutral', 'action_required', 'startup_failure', 'stale']) {
      expect(knownConclusion(c)).toBe(c);
    }
    expect(knownConclusion('FAILURE')).toBeNull();
    expect(knownConclusion(null)).toBeNull();
  });
});
