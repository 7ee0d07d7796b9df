import {
  changeFailureRate,
  compareWithPrevious,
  DeploymentFact,
  deploymentFrequency,
  doraMetrics,
  DoraMetrics,
  IncidentFact,
  leadTimeSeconds,
  median,
  timeToRestoreSeconds,
} from './dora-metrics';

const HOUR = 3600;
const at = (iso: string) => new Date(`${iso}Z`);

let ids = 0;
/** A successful production deployment of checkout that finished at noon on 2 March 2026, without a commit time. */
const aDeployment = (overrides: Partial<DeploymentFact> = {}): DeploymentFact => ({
  id: `deployment-${++ids}`,
  service: 'checkout',
  environment: 'production',
  status: 'SUCCEEDED',
  startedAt: at('2026-03-02T11:50:00'),
  finishedAt: at('2026-03-02T12:00:00'),
  commitAt: null,
  causedIncident: false,
  ...overrides,
});
/** A successful deployment that finished `seconds` after its commit. */
const withLeadTime = (seconds: number, overrides: Partial<DeploymentFact> = {}): DeploymentFact => {
  const finishedAt = at('2026-03-02T12:00:00');
  return aDeployment({ finishedAt, commitAt: new Date(finishedAt.getTime() - seconds * 1000), ...overrides });
};
const finishedAt = (iso: string, overrides: Partial<DeploymentFact> = {}) => aDeployment({ finishedAt: at(iso), ...overrides });
const anIncident = (startedAt: string, resolvedAt: string | null): IncidentFact => ({
  id: `incident-${++ids}`,
  startedAt: at(startedAt),
  resolvedAt: resolvedAt === null ? null : at(resolvedAt),
});
/** An incident that lasted `seconds`. */
const lasting = (seconds: number): IncidentFact => ({
  id: `incident-${++ids}`,
  startedAt: at('2026-03-02T12:00:00'),
  resolvedAt: new Date(at('2026-03-02T12:00:00').getTime() + seconds * 1000),
});

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([10, 1, 7, 3, 100])).toBe(7);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([4, 1])).toBe(2.5);
    expect(median([3600, 7200, 10_800, 86_400])).toBe(9000);
  });

  it('sorts numerically, not as text', () => {
    expect(median([9, 10, 100])).toBe(10);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('leaves its input as it was', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('deploymentFrequency', () => {
  // Monday 2 March to Monday 16 March 2026: 14 days, 2 weeks.
  const twoWeeks = { from: at('2026-03-02T00:00:00'), to: at('2026-03-16T00:00:00') };

  it('counts finished deployments by when they finished, and days with a successful one', () => {
    const deployments = [
      finishedAt('2026-03-02T00:00:00'), // the first instant of the period counts
      finishedAt('2026-03-02T09:00:00'),
      finishedAt('2026-03-02T17:00:00'),
      finishedAt('2026-03-05T10:00:00'),
      finishedAt('2026-03-06T10:00:00', { status: 'FAILED' }),
      finishedAt('2026-03-09T10:00:00', { status: 'ROLLED_BACK' }),
      finishedAt('2026-03-01T23:59:59'), // before the period
      finishedAt('2026-03-16T00:00:00'), // the end is exclusive
      aDeployment({ status: 'PENDING', finishedAt: null }),
      aDeployment({ status: 'IN_PROGRESS', finishedAt: null }),
    ];
    const frequency = deploymentFrequency(deployments, twoWeeks);
    expect(frequency.deployments).toBe(6);
    expect(frequency.perDay).toBeCloseTo(6 / 14, 12);
    // 2 and 5 March; the failed and rolled-back days are not deployment days.
    expect(frequency.deploymentDaysPerWeek).toBe(1);
  });

  it('counts deployment days as UTC days', () => {
    const deployments = [finishedAt('2026-03-05T23:30:00'), finishedAt('2026-03-06T00:30:00')];
    expect(deploymentFrequency(deployments, twoWeeks).deploymentDaysPerWeek).toBe(1);
  });

  it('divides by the weeks in the period, fractions included', () => {
    const tenDays = { from: at('2026-03-02T00:00:00'), to: at('2026-03-12T00:00:00') };
    const deployments = ['02', '03', '04', '05', '06'].map((day) => finishedAt(`2026-03-${day}T12:00:00`));
    expect(deploymentFrequency(deployments, tenDays)).toEqual({ deployments: 5, perDay: 0.5, deploymentDaysPerWeek: 3.5 });
  });

  it('is 0 for a period with no deployments', () => {
    expect(deploymentFrequency([], twoWeeks)).toEqual({ deployments: 0, perDay: 0, deploymentDaysPerWeek: 0 });
  });

  it('refuses an empty or backwards period', () => {
    expect(() => deploymentFrequency([], { from: twoWeeks.from, to: twoWeeks.from })).toThrow(RangeError);
    expect(() => deploymentFrequency([], { from: twoWeeks.to, to: twoWeeks.from })).toThrow('must end after it starts');
  });
});

describe('leadTimeSeconds', () => {
  it('is the median of finish − commit over successful deployments', () => {
    expect(leadTimeSeconds([withLeadTime(1800), withLeadTime(2 * HOUR), withLeadTime(24 * HOUR)])).toBe(2 * HOUR);
  });

  it('is the mean of the two middle lead times of an even count', () => {
    expect(leadTimeSeconds([withLeadTime(HOUR), withLeadTime(3 * HOUR)])).toBe(2 * HOUR);
  });

  it('leaves out a deployment with no commit time', () => {
    expect(leadTimeSeconds([withLeadTime(HOUR), withLeadTime(2 * HOUR), aDeployment({ commitAt: null })])).toBe(1.5 * HOUR);
  });

  it('drops a negative lead time (commit after finish), keeps zero', () => {
    // Kept, the −10 min would make the median 1 h.
    expect(leadTimeSeconds([withLeadTime(-600), withLeadTime(HOUR), withLeadTime(3 * HOUR)])).toBe(2 * HOUR);
    expect(leadTimeSeconds([withLeadTime(0)])).toBe(0);
  });

  it('counts only successful deployments', () => {
    const deployments = [
      withLeadTime(HOUR),
      withLeadTime(60, { status: 'FAILED' }),
      withLeadTime(60, { status: 'ROLLED_BACK' }),
      withLeadTime(60, { status: 'IN_PROGRESS', finishedAt: null }),
    ];
    expect(leadTimeSeconds(deployments)).toBe(HOUR);
  });

  it('is null when nothing can be measured', () => {
    expect(leadTimeSeconds([])).toBeNull();
    expect(leadTimeSeconds([aDeployment({ commitAt: null })])).toBeNull();
    expect(leadTimeSeconds([withLeadTime(-1)])).toBeNull();
  });
});

describe('changeFailureRate', () => {
  it('is (failed + rolled back + successful that caused an incident) ÷ finished', () => {
    const deployments = [
      ...Array.from({ length: 6 }, () => aDeployment()),
      aDeployment({ causedIncident: true }),
      aDeployment({ status: 'FAILED' }),
      aDeployment({ status: 'ROLLED_BACK' }),
      aDeployment({ status: 'FAILED', causedIncident: true }), // counts once
      aDeployment({ status: 'PENDING', finishedAt: null }),
      aDeployment({ status: 'IN_PROGRESS', finishedAt: null }),
    ];
    expect(changeFailureRate(deployments)).toBe(0.4);
  });

  it('is 0 when every deployment went well', () => {
    expect(changeFailureRate([aDeployment(), aDeployment()])).toBe(0);
  });

  it('is null when nothing finished', () => {
    expect(changeFailureRate([])).toBeNull();
    expect(changeFailureRate([aDeployment({ status: 'PENDING', finishedAt: null })])).toBeNull();
  });
});

describe('timeToRestoreSeconds', () => {
  it('is the median of resolved − started, open incidents left out', () => {
    expect(timeToRestoreSeconds([lasting(1800), lasting(2 * HOUR), anIncident('2026-03-02T12:00:00', null)])).toBe(4500);
  });

  it('drops a negative duration (resolved before started)', () => {
    expect(timeToRestoreSeconds([lasting(-60), lasting(HOUR)])).toBe(HOUR);
  });

  it('is null when nothing was resolved', () => {
    expect(timeToRestoreSeconds([])).toBeNull();
    expect(timeToRestoreSeconds([anIncident('2026-03-02T12:00:00', null)])).toBeNull();
  });
});

describe('doraMetrics', () => {
  // Monday 2 March to Monday 9 March 2026.
  const week = { from: at('2026-03-02T00:00:00'), to: at('2026-03-09T00:00:00') };

  it('works out a week of checkout in production', () => {
    const deployments = [
      finishedAt('2026-03-02T10:00:00', { commitAt: at('2026-03-02T09:30:00') }), // 30 min
      finishedAt('2026-03-03T10:00:00', { commitAt: at('2026-03-03T08:00:00'), causedIncident: true }), // 2 h
      finishedAt('2026-03-04T10:00:00', { commitAt: at('2026-03-04T09:00:00'), status: 'FAILED' }),
      finishedAt('2026-03-05T10:00:00', { commitAt: null }),
      finishedAt('2026-03-06T10:00:00', { commitAt: at('2026-03-06T09:15:00') }), // 45 min
      finishedAt('2026-03-01T10:00:00', { commitAt: at('2026-02-20T10:00:00') }), // last week: not in any metric
      aDeployment({ status: 'PENDING', finishedAt: null }),
    ];
    const incidents = [
      anIncident('2026-03-03T10:30:00', '2026-03-03T12:00:00'), // 1.5 h
      anIncident('2026-02-27T00:00:00', '2026-03-02T00:00:00'), // 3 days, restored this week
      anIncident('2026-03-08T10:00:00', '2026-03-10T10:00:00'), // restored next week
      anIncident('2026-03-08T12:00:00', null),
    ];

    const metrics = doraMetrics(deployments, incidents, week);

    expect(metrics.deploymentFrequency.deployments).toBe(5);
    expect(metrics.deploymentFrequency.perDay).toBeCloseTo(5 / 7, 12);
    expect(metrics.deploymentFrequency.deploymentDaysPerWeek).toBe(4);
    expect(metrics.leadTimeSeconds).toBe(2700);
    expect(metrics.changeFailureRate).toBe(0.4);
    // Even count: (1.5 h + 72 h) ÷ 2 = 36.75 h.
    expect(metrics.timeToRestoreSeconds).toBe((5400 + 259_200) / 2);
    expect(metrics.levels).toEqual({ deploymentFrequency: 'HIGH', leadTime: 'ELITE', changeFailureRate: 'LOW', timeToRestore: 'MEDIUM' });
  });

  it('gives frequency 0 (rated LOW) and no other metric for a period with no deployments', () => {
    const lastMonth = [finishedAt('2026-02-10T10:00:00', { commitAt: at('2026-02-10T09:00:00'), status: 'FAILED' })];
    for (const deployments of [[], lastMonth]) {
      expect(doraMetrics(deployments, [], week)).toEqual({
        deploymentFrequency: { deployments: 0, perDay: 0, deploymentDaysPerWeek: 0 },
        leadTimeSeconds: null,
        changeFailureRate: null,
        timeToRestoreSeconds: null,
        levels: { deploymentFrequency: 'LOW', leadTime: null, changeFailureRate: null, timeToRestore: null },
      });
    }
  });
});

describe('compareWithPrevious', () => {
  const metrics = (overrides: Partial<DoraMetrics> & { perDay?: number; deploymentDaysPerWeek?: number }): DoraMetrics => {
    const { perDay = 1, deploymentDaysPerWeek = 5, ...rest } = overrides;
    return {
      deploymentFrequency: { deployments: perDay * 30, perDay, deploymentDaysPerWeek },
      leadTimeSeconds: HOUR,
      changeFailureRate: 0.1,
      timeToRestoreSeconds: HOUR,
      levels: { deploymentFrequency: 'ELITE', leadTime: 'ELITE', changeFailureRate: 'ELITE', timeToRestore: 'ELITE' },
      ...rest,
    };
  };

  it("reads like the dashboard's '↑ 12 % vs last month': 28 deployments in 30 days after 25", () => {
    const comparison = compareWithPrevious(metrics({ perDay: 28 / 30 }), metrics({ perDay: 25 / 30 }));
    expect(comparison.deploymentsPerDay.change).toBeCloseTo(0.12, 12);
    expect(comparison.deploymentsPerDay.improved).toBe(true);
  });

  it('counts lower as better for lead time, change failure rate and time to restore', () => {
    const comparison = compareWithPrevious(
      metrics({ leadTimeSeconds: 1.5 * HOUR, changeFailureRate: 0.25, timeToRestoreSeconds: 3 * HOUR }),
      metrics({ leadTimeSeconds: 2 * HOUR, changeFailureRate: 0.2, timeToRestoreSeconds: HOUR }),
    );
    expect(comparison.leadTime).toEqual({ change: -0.25, improved: true });
    // Relative change: 20 % → 25 % is +25 %, not +5 points.
    expect(comparison.changeFailureRate.change).toBeCloseTo(0.25, 12);
    expect(comparison.changeFailureRate.improved).toBe(false);
    expect(comparison.timeToRestore).toEqual({ change: 2, improved: false });
  });

  it('counts fewer deployments or deployment days as worse, no change as not improved', () => {
    const comparison = compareWithPrevious(
      metrics({ perDay: 0.5, deploymentDaysPerWeek: 5 }),
      metrics({ perDay: 1, deploymentDaysPerWeek: 5 }),
    );
    expect(comparison.deploymentsPerDay).toEqual({ change: -0.5, improved: false });
    expect(comparison.deploymentDaysPerWeek).toEqual({ change: 0, improved: false });
  });

  it('has no change when the previous value is 0 or missing, or the current one is missing', () => {
    const comparison = compareWithPrevious(
      metrics({ perDay: 1, changeFailureRate: 0.1, leadTimeSeconds: null, timeToRestoreSeconds: HOUR }),
      metrics({ perDay: 0, changeFailureRate: 0, leadTimeSeconds: HOUR, timeToRestoreSeconds: null }),
    );
    expect(comparison.deploymentsPerDay).toEqual({ change: null, improved: null });
    expect(comparison.changeFailureRate).toEqual({ change: null, improved: null });
    expect(comparison.leadTime).toEqual({ change: null, improved: null });
    expect(comparison.timeToRestore).toEqual({ change: null, improved: null });
  });

  it('compares two periods worked out by doraMetrics', () => {
    const march = { from: at('2026-03-01T00:00:00'), to: at('2026-03-31T00:00:00') };
    const february = { from: at('2026-01-30T00:00:00'), to: at('2026-03-01T00:00:00') };
    const daily = (from: Date, count: number) =>
      Array.from({ length: count }, (_, i) => aDeployment({ finishedAt: new Date(from.getTime() + i * 86_400_000 + 12 * HOUR * 1000) }));
    const deployments = [...daily(february.from, 25), ...daily(march.from, 28)];
    const comparison = compareWithPrevious(doraMetrics(deployments, [], march), doraMetrics(deployments, [], february));
    expect(comparison.deploymentsPerDay.change).toBeCloseTo(0.12, 12);
    expect(comparison.deploymentDaysPerWeek.change).toBeCloseTo(0.12, 12);
  });
});
