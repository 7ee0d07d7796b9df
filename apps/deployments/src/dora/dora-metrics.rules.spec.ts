import {
  addTallies,
  compareWithPrevious,
  DeploymentFact,
  doraMetrics,
  DoraMetrics,
  DoraTally,
  emptyTally,
  IncidentFact,
  metricsOf,
  Period,
  tallyOf,
} from './dora-metrics.rules';
import { countOf, SKETCH_ACCURACY } from './duration-sketch';

const HOUR = 3600;
const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(`${iso}Z`);

let ids = 0;
/** A successful production deployment of checkout that finished at noon on 2 March 2026, without a commit time. */
const aDeployment = (overrides: Partial<DeploymentFact> = {}): DeploymentFact => ({
  id: `deployment-${++ids}`,
  service: 'checkout',
  environment: 'production',
  status: 'SUCCEEDED',
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

/**
 * Medians come from a duration sketch: |actual − expected| ≤ SKETCH_ACCURACY ×
 * expected, null only for null. At a bucket's edge the error is exactly 1 %, so
 * the last bit of floating point is let through (1e-9 of the tolerance).
 */
const expectWithin1Percent = (actual: number | null, expected: number | null) => {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(SKETCH_ACCURACY * Math.abs(expected) * (1 + 1e-9));
};

// Monday 2 March to Monday 9 March 2026.
const week: Period = { from: at('2026-03-02T00:00:00'), to: at('2026-03-09T00:00:00') };
/** The metrics of a week from the tally of these facts, however they are dated. */
const metricsOfFacts = (deployments: DeploymentFact[], incidents: IncidentFact[] = []) => metricsOf(tallyOf(deployments, incidents), week);

describe('lead time', () => {
  it('is the median of finish − commit over successful deployments: 30 min, 2 h and 1 d give 2 h', () => {
    expectWithin1Percent(metricsOfFacts([withLeadTime(1800), withLeadTime(2 * HOUR), withLeadTime(24 * HOUR)]).leadTimeSeconds, 2 * HOUR);
  });

  it('is the mean of the two middle lead times of an even count: 1 h, 2 h, 3 h and 1 d give 9000 s, 1 h and 3 h give 2 h', () => {
    const fourLeadTimes = [withLeadTime(HOUR), withLeadTime(2 * HOUR), withLeadTime(3 * HOUR), withLeadTime(24 * HOUR)];
    expectWithin1Percent(metricsOfFacts(fourLeadTimes).leadTimeSeconds, 9000);
    expectWithin1Percent(metricsOfFacts([withLeadTime(HOUR), withLeadTime(3 * HOUR)]).leadTimeSeconds, 2 * HOUR);
  });

  it('leaves out a deployment with no commit time: 1 h, 2 h and one without give 1.5 h', () => {
    const deployments = [withLeadTime(HOUR), withLeadTime(2 * HOUR), aDeployment({ commitAt: null })];
    expect(countOf(tallyOf(deployments, []).leadTimes)).toBe(2);
    expectWithin1Percent(metricsOfFacts(deployments).leadTimeSeconds, 1.5 * HOUR);
  });

  it('drops a negative lead time (commit after finish) and keeps zero', () => {
    // Kept, the −10 min would make the median 1 h.
    const deployments = [withLeadTime(-600), withLeadTime(HOUR), withLeadTime(3 * HOUR)];
    expect(countOf(tallyOf(deployments, []).leadTimes)).toBe(2);
    expectWithin1Percent(metricsOfFacts(deployments).leadTimeSeconds, 2 * HOUR);
    expect(countOf(tallyOf([withLeadTime(0)], []).leadTimes)).toBe(1);
    expect(metricsOfFacts([withLeadTime(0)]).leadTimeSeconds).toBe(0);
  });

  it('counts only successful deployments', () => {
    const deployments = [
      withLeadTime(HOUR),
      withLeadTime(60, { status: 'FAILED' }),
      withLeadTime(60, { status: 'ROLLED_BACK' }),
      withLeadTime(60, { status: 'IN_PROGRESS', finishedAt: null }),
    ];
    expect(countOf(tallyOf(deployments, []).leadTimes)).toBe(1);
    expectWithin1Percent(metricsOfFacts(deployments).leadTimeSeconds, HOUR);
  });

  it('is null when nothing can be measured', () => {
    expect(metricsOfFacts([]).leadTimeSeconds).toBeNull();
    expect(metricsOfFacts([aDeployment({ commitAt: null })]).leadTimeSeconds).toBeNull();
    expect(metricsOfFacts([withLeadTime(-1)]).leadTimeSeconds).toBeNull();
  });
});

describe('change failure rate', () => {
  it('is (failed + rolled back + successful that caused an incident) ÷ finished: 4 of 10', () => {
    const deployments = [
      ...Array.from({ length: 6 }, () => aDeployment()),
      aDeployment({ causedIncident: true }),
      aDeployment({ status: 'FAILED' }),
      aDeployment({ status: 'ROLLED_BACK' }),
      aDeployment({ status: 'FAILED', causedIncident: true }), // counts once
      aDeployment({ status: 'PENDING', finishedAt: null }),
      aDeployment({ status: 'IN_PROGRESS', finishedAt: null }),
    ];
    const tally = tallyOf(deployments, []);
    expect({ finished: tally.finished, failures: tally.failures }).toEqual({ finished: 10, failures: 4 });
    expect(metricsOf(tally, week).changeFailureRate).toBe(0.4);
  });

  it('is 0 when every deployment went well', () => {
    expect(metricsOfFacts([aDeployment(), aDeployment()]).changeFailureRate).toBe(0);
  });

  it('is null when nothing finished', () => {
    expect(metricsOfFacts([]).changeFailureRate).toBeNull();
    expect(metricsOfFacts([aDeployment({ status: 'PENDING', finishedAt: null })]).changeFailureRate).toBeNull();
  });
});

describe('time to restore', () => {
  it('is the median of resolved − started, open incidents left out: 30 min, 2 h and an open one give 4500 s', () => {
    const incidents = [lasting(1800), lasting(2 * HOUR), anIncident('2026-03-02T12:00:00', null)];
    expect(countOf(tallyOf([], incidents).restoreTimes)).toBe(2);
    expectWithin1Percent(metricsOfFacts([], incidents).timeToRestoreSeconds, 4500);
  });

  it('drops a negative duration (resolved before started)', () => {
    expect(countOf(tallyOf([], [lasting(-60), lasting(HOUR)]).restoreTimes)).toBe(1);
    expectWithin1Percent(metricsOfFacts([], [lasting(-60), lasting(HOUR)]).timeToRestoreSeconds, HOUR);
  });

  it('is null when nothing was resolved', () => {
    expect(metricsOfFacts([], []).timeToRestoreSeconds).toBeNull();
    expect(metricsOfFacts([], [anIncident('2026-03-02T12:00:00', null)]).timeToRestoreSeconds).toBeNull();
  });
});

describe('deployment frequency', () => {
  // Monday 2 March to Monday 16 March 2026: 14 days, 2 weeks.
  const twoWeeks: Period = { from: at('2026-03-02T00:00:00'), to: at('2026-03-16T00:00:00') };

  it('counts successful deployments by when they finished, and distinct days with a successful one', () => {
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
    const frequency = doraMetrics(deployments, [], twoWeeks).deploymentFrequency;
    // The failed and the rolled-back deployments delivered nothing: they count in change failure rate only.
    expect(frequency.deployments).toBe(4);
    expect(frequency.perDay).toBeCloseTo(4 / 14, 12);
    // 2 and 5 March; the failed and rolled-back days are not deployment days.
    expect(frequency.deploymentDaysPerWeek).toBe(1);
  });

  it('does not rate a team that fails ten times a day ELITE: one success a week is one deployment a week', () => {
    const days = ['02', '03', '04', '05', '06', '09', '10', '11', '12', '13'];
    const failures = days.flatMap((day) => Array.from({ length: 10 }, (_, i) => finishedAt(`2026-03-${day}T${String(8 + i).padStart(2, '0')}:00:00`, { status: 'FAILED' })));
    const successes = [finishedAt('2026-03-06T18:00:00'), finishedAt('2026-03-13T18:00:00')];
    const metrics = doraMetrics([...failures, ...successes], [], twoWeeks);
    expect(metrics.deploymentFrequency).toEqual({ deployments: 2, perDay: 2 / 14, deploymentDaysPerWeek: 1 });
    expect(metrics.levels.deploymentFrequency).toBe('HIGH');
    expect(metrics.changeFailureRate).toBeCloseTo(100 / 102, 12);
    expect(metrics.levels.changeFailureRate).toBe('LOW');
  });

  it('counts deployment days as UTC days', () => {
    const acrossMidnight = [finishedAt('2026-03-05T23:30:00'), finishedAt('2026-03-06T00:30:00')];
    const sameDay = [finishedAt('2026-03-05T00:30:00'), finishedAt('2026-03-05T23:30:00')];
    expect(tallyOf(acrossMidnight, []).deploymentDays).toBe(2);
    expect(tallyOf(sameDay, []).deploymentDays).toBe(1);
    expect(doraMetrics(acrossMidnight, [], twoWeeks).deploymentFrequency.deploymentDaysPerWeek).toBe(1);
  });

  it('divides by the weeks in the period, fractions included: 5 deployments on 5 days in 10 days', () => {
    const tenDays: Period = { from: at('2026-03-02T00:00:00'), to: at('2026-03-12T00:00:00') };
    const deployments = ['02', '03', '04', '05', '06'].map((day) => finishedAt(`2026-03-${day}T12:00:00`));
    expect(doraMetrics(deployments, [], tenDays).deploymentFrequency).toEqual({ deployments: 5, perDay: 0.5, deploymentDaysPerWeek: 3.5 });
  });

  it('is 0 for a period with no deployments', () => {
    expect(doraMetrics([], [], twoWeeks).deploymentFrequency).toEqual({ deployments: 0, perDay: 0, deploymentDaysPerWeek: 0 });
  });

  it('refuses an empty or backwards period', () => {
    expect(() => metricsOf(emptyTally(), { from: twoWeeks.from, to: twoWeeks.from })).toThrow(RangeError);
    expect(() => metricsOf(emptyTally(), { from: twoWeeks.to, to: twoWeeks.from })).toThrow('must end after it starts');
    expect(() => doraMetrics([], [], { from: twoWeeks.to, to: twoWeeks.from })).toThrow(RangeError);
  });
});

describe('doraMetrics', () => {
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

    // Four successes; the failed one counts in the change failure rate only.
    expect(metrics.deploymentFrequency.deployments).toBe(4);
    expect(metrics.deploymentFrequency.perDay).toBeCloseTo(4 / 7, 12);
    expect(metrics.deploymentFrequency.deploymentDaysPerWeek).toBe(4);
    // Median of 30 min, 2 h and 45 min: 2700 s.
    expectWithin1Percent(metrics.leadTimeSeconds, 2700);
    expect(metrics.changeFailureRate).toBe(0.4);
    // Even count: (1.5 h + 72 h) ÷ 2 = 36.75 h = 132 300 s.
    expectWithin1Percent(metrics.timeToRestoreSeconds, (5400 + 259_200) / 2);
    expect(metrics.levels).toEqual({ deploymentFrequency: 'HIGH', leadTime: 'ELITE', changeFailureRate: 'LOW', timeToRestore: 'MEDIUM' });
  });

  it('gives frequency 0 (rated LOW) and no other metric for a period with no deployments', () => {
    const nothing: DoraMetrics = {
      deploymentFrequency: { deployments: 0, perDay: 0, deploymentDaysPerWeek: 0 },
      leadTimeSeconds: null,
      changeFailureRate: null,
      timeToRestoreSeconds: null,
      levels: { deploymentFrequency: 'LOW', leadTime: null, changeFailureRate: null, timeToRestore: null },
    };
    const lastMonth = [finishedAt('2026-02-10T10:00:00', { commitAt: at('2026-02-10T09:00:00'), status: 'FAILED' })];
    for (const deployments of [[], lastMonth]) expect(doraMetrics(deployments, [], week)).toEqual(nothing);
    expect(metricsOf(emptyTally(), week)).toEqual(nothing);
  });
});

describe('addTallies', () => {
  // Two weeks of facts, many on each day: deployments of every outcome, some
  // with and some without a commit time, near midnight too, and incidents
  // that started the day before they were resolved.
  const twoWeeks: Period = { from: at('2026-03-02T00:00:00'), to: at('2026-03-16T00:00:00') };
  const statuses = ['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'SUCCEEDED', 'ROLLED_BACK'] as const;
  const deployments = Array.from({ length: 70 }, (_, k) => {
    const finished = new Date(twoWeeks.from.getTime() + k * 4.7 * HOUR * 1000 + (k % 3) * 1000);
    return aDeployment({
      status: statuses[k % statuses.length],
      finishedAt: finished,
      commitAt: k % 7 === 0 ? null : new Date(finished.getTime() - ((k * 7919) % 200_000) * 1000),
      causedIncident: k % 4 === 0,
    });
  });
  const incidents = Array.from({ length: 25 }, (_, k) => {
    const startedAt = new Date(twoWeeks.from.getTime() + k * 12.9 * HOUR * 1000);
    return { id: `incident-${k}`, startedAt, resolvedAt: new Date(startedAt.getTime() + ((k * 4271) % 90_000) * 1000) };
  });
  const pending = [aDeployment({ status: 'PENDING', finishedAt: null }), aDeployment({ status: 'IN_PROGRESS', finishedAt: null })];
  const utcDay = (instant: Date) => instant.toISOString().slice(0, 10);

  it('of per-day tallies is the tally of all the facts at once, which is what daily rollups rely on', () => {
    // Deployments belong to the UTC day they finished, incidents to the one they were resolved.
    const days = new Map<string, { deployments: DeploymentFact[]; incidents: IncidentFact[] }>();
    const dayOf = (instant: Date) => {
      if (!days.has(utcDay(instant))) days.set(utcDay(instant), { deployments: [], incidents: [] });
      return days.get(utcDay(instant))!;
    };
    for (const deployment of deployments) dayOf(deployment.finishedAt!).deployments.push(deployment);
    for (const incident of incidents) dayOf(incident.resolvedAt).incidents.push(incident);
    expect(days.size).toBe(14);
    expect([...days.values()].every((day) => day.deployments.length > 1)).toBe(true);

    const perDay = [...days.values()].map((day) => tallyOf(day.deployments, day.incidents));
    const allAtOnce = tallyOf([...deployments, ...pending], incidents);

    expect(addTallies(perDay)).toEqual(allAtOnce);
    expect(metricsOf(addTallies(perDay), twoWeeks)).toEqual(metricsOf(allAtOnce, twoWeeks));
    expect(metricsOf(addTallies(perDay), twoWeeks)).toEqual(doraMetrics([...deployments, ...pending], incidents, twoWeeks));
    // Not an empty agreement: every metric has a value.
    expect(Object.values(metricsOf(allAtOnce, twoWeeks).levels)).not.toContain(null);
  });

  it('leaves the tallies it adds as they were (stored rollups are not changed by reading them)', () => {
    const first = tallyOf(deployments.slice(0, 10), incidents.slice(0, 5));
    const second = tallyOf(deployments.slice(10, 20), incidents.slice(5, 10));
    const before = JSON.parse(JSON.stringify([first, second])) as DoraTally[];
    addTallies([first, second]);
    expect([first, second]).toEqual(before);
  });

  it('of no tallies is the empty tally, and of one tally that tally', () => {
    const tally = tallyOf(deployments, incidents);
    expect(addTallies([])).toEqual(emptyTally());
    expect(addTallies([tally])).toEqual(tally);
  });

  it('emptyTally is a new tally each time', () => {
    const first = emptyTally();
    first.finished = 3;
    first.leadTimes['1'] = 1;
    expect(emptyTally()).toEqual({ finished: 0, succeeded: 0, failures: 0, deploymentDays: 0, leadTimes: {}, restoreTimes: {} });
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
      Array.from({ length: count }, (_, i) => aDeployment({ finishedAt: new Date(from.getTime() + i * DAY_MS + 12 * HOUR * 1000) }));
    const deployments = [...daily(february.from, 25), ...daily(march.from, 28)];
    const comparison = compareWithPrevious(doraMetrics(deployments, [], march), doraMetrics(deployments, [], february));
    expect(comparison.deploymentsPerDay.change).toBeCloseTo(0.12, 12);
    expect(comparison.deploymentDaysPerWeek.change).toBeCloseTo(0.12, 12);
  });
});
