import { evaluateReleaseGate } from './release-gate.policy';
import { gateSloInputs, SloReading } from './slo-inputs.rules';

const anSlo = (overrides: Partial<SloReading> = {}): SloReading => ({
  name: 'checkout-availability',
  budgetSource: 'ALERTS',
  remaining: 0.8,
  unknownBecause: null,
  burnRates: { m5: 0, h1: 0, h6: 0, d3: 0 },
  ...overrides,
});

/**
 * The worked example, alert-time model: one alert of a 99.9 % / 30 d
 * SLO fired for 259.2 s (0.1 % of 3 days). Budget: 2592 s a month, 10 % spent,
 * remaining 0.9. 3 d burn = 259.2 ÷ 259 200 ÷ 0.001 = 1.0 for three days;
 * 6 h burn = 259.2 ÷ 21 600 ÷ 0.001 = 12 while the outage is in the last 6 h,
 * 0 after; 1 h burn 72 within the hour; 5 min burn 0 once it is over.
 */
const afterOutage = (hoursAgo: number) =>
  anSlo({
    remaining: 0.9,
    burnRates: { m5: 0, h1: hoursAgo < 1 ? 72 : 0, h6: hoursAgo < 6 ? 12 : 0, d3: 1 },
  });

const gateAt = (slo: SloReading) => {
  const inputs = gateSloInputs([slo]);
  return evaluateReleaseGate({
    service: 'checkout',
    environment: 'STAGING',
    version: '1.2.3',
    now: new Date('2026-02-03T10:00:00Z'),
    timeZone: 'UTC',
    hasSlo: inputs.hasSlo,
    errorBudgetRemaining: inputs.errorBudgetRemaining,
    burnRates: { fast: inputs.fastBurnRate, slow: inputs.slowBurnRate },
    activeIncidents: { sev1: 0, sev2: 0 },
    rollbacksLast24h: 0,
    tests: { commitSha: 'abc1234def', failing: 0, flaky: 0, unknownBecause: null },
    emergencyOverride: null,
  });
};

describe('gateSloInputs', () => {
  it('259.2 s of alert at 99.9 %: slow burn 1.0 blocks while the 6 h window holds it, not for three days', () => {
    // 2 h after: the 3 d burn (1.0) is confirmed by the 6 h one (12): slow = min(1, 12) = 1 → SLOW_BURN.
    expect(gateSloInputs([afterOutage(2)])).toMatchObject({ errorBudgetRemaining: 0.9, fastBurnRate: 0, slowBurnRate: 1 });
    expect(gateAt(afterOutage(2)).violations.map((v) => v.rule)).toEqual(['SLOW_BURN']);
    // 7 h after: the burning stopped 7 h ago, the 6 h burn is 0: slow = min(1, 0) = 0 → allowed.
    // (Reading the 3 d window alone, as before, kept it at 1.0 and refused the service for three days.)
    expect(gateSloInputs([afterOutage(7)])).toMatchObject({ slowBurnRate: 0 });
    expect(gateAt(afterOutage(7))).toMatchObject({ allowed: true, violations: [] });
  });

  it('fast burn is the 1 h rate confirmed by the 5 min one', () => {
    expect(gateSloInputs([anSlo({ burnRates: { m5: 20, h1: 14.4, h6: 0, d3: 0 } })]).fastBurnRate).toBe(14.4);
    expect(gateSloInputs([anSlo({ burnRates: { m5: 0.5, h1: 72, h6: 0, d3: 0 } })]).fastBurnRate).toBe(0.5);
  });

  it('takes the lowest budget and the highest burn of several SLOs', () => {
    const inputs = gateSloInputs([
      anSlo({ name: 'a', remaining: 0.6, burnRates: { m5: 3, h1: 2, h6: 0.2, d3: 0.4 } }),
      anSlo({ name: 'b', remaining: 0.7, burnRates: { m5: 1, h1: 1, h6: 0.9, d3: 0.8 } }),
    ]);
    expect(inputs).toEqual({ hasSlo: true, errorBudgetRemaining: 0.6, fastBurnRate: 2, slowBurnRate: 0.8, unknownBecause: null });
  });

  it('is unknown as soon as one SLO is, naming it and why', () => {
    const inputs = gateSloInputs([
      anSlo({ name: 'a' }),
      anSlo({
        name: 'b',
        budgetSource: 'PROMETHEUS',
        remaining: null,
        unknownBecause: 'Prometheus at http://prom:9090 could not be queried: ECONNREFUSED',
        burnRates: { m5: null, h1: null, h6: null, d3: null },
      }),
    ]);
    expect(inputs).toEqual({
      hasSlo: true,
      errorBudgetRemaining: null,
      fastBurnRate: null,
      slowBurnRate: null,
      unknownBecause: 'SLO b (PROMETHEUS): Prometheus at http://prom:9090 could not be queried: ECONNREFUSED',
    });
  });

  it('a service without an SLO has nothing to check, which is not unknown', () => {
    expect(gateSloInputs([])).toEqual({ hasSlo: false, errorBudgetRemaining: null, fastBurnRate: null, slowBurnRate: null, unknownBecause: null });
  });
});
