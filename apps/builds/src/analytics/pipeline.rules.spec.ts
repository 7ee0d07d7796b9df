import { criticalPath, percentile, pipelineMttrSeconds, successRate } from './pipeline.rules';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const job = (name: string, start: number, end: number) => ({ name, startedAt: at(start), completedAt: at(end) });

describe('criticalPath (exclusive time on the path, worked examples)', () => {
  it('build ∥ test, then deploy: test counts only past build, deploy past test', () => {
    // build 0–10, test 0–15 (parallel), deploy 15–20
    expect(criticalPath([job('build', 0, 10), job('test', 0, 15), job('deploy', 15, 20)])).toEqual([
      { name: 'build', exclusiveSeconds: 600 },
      { name: 'test', exclusiveSeconds: 300 },
      { name: 'deploy', exclusiveSeconds: 300 },
    ]);
  });

  it('a strict chain: each job its whole duration; the wait between them is nobody’s', () => {
    expect(criticalPath([job('lint', 0, 2), job('build', 3, 8), job('e2e', 10, 30)])).toEqual([
      { name: 'lint', exclusiveSeconds: 120 },
      { name: 'build', exclusiveSeconds: 300 },
      { name: 'e2e', exclusiveSeconds: 1200 },
    ]);
  });

  it('a long job running beside everything is on the path only for what it adds', () => {
    // slow 0–30 beside a chain a 0–10, b 10–25: slow adds 5 minutes past b
    expect(criticalPath([job('slow', 0, 30), job('a', 0, 10), job('b', 10, 25)])).toEqual([
      { name: 'a', exclusiveSeconds: 600 },
      { name: 'b', exclusiveSeconds: 900 },
      { name: 'slow', exclusiveSeconds: 300 },
    ]);
  });

  it('matrix legs finishing together: one is on the path; nothing for no jobs', () => {
    expect(criticalPath([job('test', 0, 10), job('test', 0, 10)])).toEqual([{ name: 'test', exclusiveSeconds: 600 }]);
    expect(criticalPath([])).toEqual([]);
  });
});

describe('successRate', () => {
  it('success ÷ finished, cancelled and skipped left out', () => {
    const runs = ['success', 'failure', 'cancelled', 'skipped', 'success', 'timed_out'].map((conclusion) => ({ conclusion }));
    expect(successRate(runs)).toBe(0.5);
    expect(successRate([{ conclusion: 'cancelled' }])).toBeNull();
  });
});

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('pipelineMttrSeconds', () => {
  const run = (branch: string, conclusion: string, minute: number) => ({ branch, conclusion, completedAt: at(minute) });

  it('from the first failure of a red streak to the next green run on the same branch, averaged', () => {
    const runs = [
      run('main', 'failure', 0),
      run('main', 'timed_out', 5),
      run('feature', 'success', 6),
      run('main', 'cancelled', 8),
      run('main', 'success', 10), // main recovers after 10 minutes
      run('feature', 'failure', 20),
      run('feature', 'success', 40), // feature after 20
      run('main', 'failure', 50), // still red: not a recovery
    ];
    expect(pipelineMttrSeconds(runs)).toBe(900);
    expect(pipelineMttrSeconds([run('main', 'success', 0)])).toBeNull();
  });
});
