import { DORA_LEVELS, DoraLevel, DoraMetric, doraLevel } from './dora-levels';

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

describe('doraLevel', () => {
  it('has no level without a value', () => {
    expect(doraLevel('leadTime', null)).toBeNull();
    expect(doraLevel('deploymentFrequency', null)).toBeNull();
  });

  describe('deployment frequency (deployments per day, higher is better)', () => {
    it.each<[string, number, DoraLevel]>([
      ['several a day', 5, 'ELITE'],
      ['once a day on average, the boundary', 1, 'ELITE'],
      ['every other day (between daily and weekly, not a 2021 band)', 0.5, 'HIGH'],
      ['once a week', 1 / 7, 'HIGH'],
      ['once a month (30 days), the boundary', 1 / 30, 'HIGH'],
      ['just under once a month', 1 / 31, 'MEDIUM'],
      ['once every six months (180 days), the boundary', 1 / 180, 'MEDIUM'],
      ['once a year', 1 / 365, 'LOW'],
      ['never', 0, 'LOW'],
    ])('%s → %s', (_, perDay, level) => {
      expect(doraLevel('deploymentFrequency', perDay)).toBe(level);
    });
  });

  describe('lead time for changes (seconds, lower is better)', () => {
    it.each<[string, number, DoraLevel]>([
      ['ten minutes', 600, 'ELITE'],
      ['exactly one hour, the boundary', HOUR, 'ELITE'],
      ['an hour and a second', HOUR + 1, 'HIGH'],
      ['five hours (between one hour and one day, a gap in the report)', 5 * HOUR, 'HIGH'],
      ['exactly one week', WEEK, 'HIGH'],
      ['two weeks (between one week and one month, a gap)', 2 * WEEK, 'MEDIUM'],
      ['three months', 3 * MONTH, 'MEDIUM'],
      ['exactly six months', 6 * MONTH, 'MEDIUM'],
      ['a year', 365 * DAY, 'LOW'],
    ])('%s → %s', (_, seconds, level) => {
      expect(doraLevel('leadTime', seconds)).toBe(level);
    });
  });

  describe('change failure rate (ratio, lower is better)', () => {
    it.each<[string, number, DoraLevel]>([
      ['none failed', 0, 'ELITE'],
      ['15 %, the boundary', 0.15, 'ELITE'],
      ['15.5 % (between 0%-15% and 16%-30%)', 0.155, 'HIGH'],
      ['20 %', 0.2, 'HIGH'],
      ['30 %, the boundary (high, medium and low all say 16%-30%; high wins)', 0.3, 'HIGH'],
      ['31 % (no band in the report)', 0.31, 'LOW'],
      ['all failed', 1, 'LOW'],
    ])('%s → %s', (_, rate, level) => {
      expect(doraLevel('changeFailureRate', rate)).toBe(level);
    });

    it('never rates MEDIUM, because the report does not tell it apart from high', () => {
      const rates = Array.from({ length: 1001 }, (_, i) => i / 1000);
      expect(rates.map((rate) => doraLevel('changeFailureRate', rate))).not.toContain('MEDIUM');
    });
  });

  describe('time to restore service (seconds, lower is better)', () => {
    it.each<[string, number, DoraLevel]>([
      ['twenty minutes', 1200, 'ELITE'],
      ['exactly one hour', HOUR, 'ELITE'],
      ['three hours', 3 * HOUR, 'HIGH'],
      ['exactly one day', DAY, 'HIGH'],
      ['two days', 2 * DAY, 'MEDIUM'],
      ['exactly one week', WEEK, 'MEDIUM'],
      ['a month (between one week and six months, a gap)', MONTH, 'LOW'],
      ['seven months', 7 * MONTH, 'LOW'],
    ])('%s → %s', (_, seconds, level) => {
      expect(doraLevel('timeToRestore', seconds)).toBe(level);
    });
  });
});

describe('DORA_LEVELS', () => {
  const metrics = Object.keys(DORA_LEVELS) as DoraMetric[];

  it('has the four keys, each with thresholds that never get better from elite down to medium', () => {
    expect(metrics.sort()).toEqual(['changeFailureRate', 'deploymentFrequency', 'leadTime', 'timeToRestore']);
    for (const metric of metrics) {
      const { better, bands } = DORA_LEVELS[metric];
      const [elite, high, medium] = [bands.ELITE.threshold, bands.HIGH.threshold, bands.MEDIUM.threshold] as number[];
      if (better === 'HIGHER') expect(elite >= high && high >= medium).toBe(true);
      else expect(elite <= high && high <= medium).toBe(true);
      expect(bands.LOW.threshold).toBeNull();
    }
  });
});
