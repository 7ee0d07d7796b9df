import { evaluateReleaseGate, RELEASE_GATE_POLICY, ReleaseGateDecision, ReleaseGateInput, ReleaseGateRule } from './release-gate.policy';

/** Tuesday 3 February 2026, 10:00 UTC: inside the window. */
const TUESDAY_10_UTC = new Date('2026-02-03T10:00:00Z');

const aGateInput = (overrides: Partial<ReleaseGateInput> = {}): ReleaseGateInput => ({
  service: 'checkout',
  environment: 'PRODUCTION',
  version: '1.4.2',
  now: TUESDAY_10_UTC,
  timeZone: 'UTC',
  hasSlo: true,
  errorBudgetRemaining: 0.8,
  burnRates: { fast: 0.5, slow: 0.2 },
  activeIncidents: { sev1: 0, sev2: 0 },
  rollbacksLast24h: 0,
  tests: { commitSha: 'abc1234def', failing: 0, flaky: 0, unknownBecause: null },
  emergencyOverride: null,
  ...overrides,
});
const gate = (overrides: Partial<ReleaseGateInput> = {}) => evaluateReleaseGate(aGateInput(overrides));
const rules = (d: ReleaseGateDecision) => d.violations.map((v) => v.rule);
const blockingRules = (d: ReleaseGateDecision) => d.violations.filter((v) => v.blocking).map((v) => v.rule);
const at = (iso: string) => new Date(iso);

describe('RELEASE_GATE_POLICY', () => {
  it('holds the numbers of seed 002 and its rego', () => {
    expect(RELEASE_GATE_POLICY.tiers).toEqual({
      1: { minErrorBudget: 0.3, sev2Blocks: true, strategy: 'PROGRESSIVE_CANARY' },
      2: { minErrorBudget: 0.2, sev2Blocks: true, strategy: 'STANDARD_CANARY' },
      3: { minErrorBudget: 0.1, sev2Blocks: false, strategy: 'ROLLING' },
    });
    expect(RELEASE_GATE_POLICY.burnRate).toEqual({ fastBlocksAt: 2, slowBlocksAt: 1, slowWarnsAt: 0.5 });
    expect(RELEASE_GATE_POLICY.rollbacksLast24h).toEqual({ blocksAt: 2, warnsAt: 1 });
    expect(RELEASE_GATE_POLICY.window).toEqual({ closedDays: ['SAT', 'SUN'], opensAtHour: 9, closesAtHour: 16, fridayClosesAtHour: 12 });
    expect(RELEASE_GATE_POLICY.windowEnvironments).toEqual(['PRODUCTION']);
    expect(RELEASE_GATE_POLICY.unknownInputBlocks).toBe(true);
  });

  it('has the canary progressions of seed 002: tier 1 at 0, 1, 6, 16 and 31 minutes; tier 2 at 0, 2 and 5', () => {
    const timeline = (name: 'PROGRESSIVE_CANARY' | 'STANDARD_CANARY') => {
      let elapsed = 0;
      return RELEASE_GATE_POLICY.strategies[name].steps.map((step) => {
        const point = [step.weight, elapsed / 60];
        elapsed += step.pauseSeconds;
        return point;
      });
    };
    expect(timeline('PROGRESSIVE_CANARY')).toEqual([[1, 0], [10, 1], [25, 6], [50, 16], [100, 31]]);
    expect(timeline('STANDARD_CANARY')).toEqual([[10, 0], [50, 2], [100, 5]]);
  });
});

describe('evaluateReleaseGate', () => {
  it('allows a clean production deploy of a tier 1 service with a progressive canary', () => {
    const decision = gate();
    expect(decision).toEqual({
      service: 'checkout',
      environment: 'PRODUCTION',
      version: '1.4.2',
      tier: 1,
      allowed: true,
      strategy: RELEASE_GATE_POLICY.strategies.PROGRESSIVE_CANARY,
      violations: [],
    });
    expect(decision).not.toHaveProperty('override');
  });

  const denials: [ReleaseGateRule, Partial<ReleaseGateInput>][] = [
    ['ERROR_BUDGET_EXHAUSTED', { errorBudgetRemaining: 0.29 }],
    ['ERROR_BUDGET_UNKNOWN', { errorBudgetRemaining: null }],
    ['FAST_BURN', { burnRates: { fast: 2, slow: 0.2 } }],
    ['FAST_BURN_UNKNOWN', { burnRates: { fast: null, slow: 0.2 } }],
    ['SLOW_BURN', { burnRates: { fast: 0.5, slow: 1 } }],
    ['SLOW_BURN_UNKNOWN', { burnRates: { fast: 0.5, slow: null } }],
    ['ACTIVE_SEV1_INCIDENT', { activeIncidents: { sev1: 1, sev2: 0 } }],
    ['ACTIVE_SEV2_INCIDENT', { activeIncidents: { sev1: 0, sev2: 1 } }],
    ['ROLLBACK_IN_LAST_24H', { rollbacksLast24h: 2 }],
    ['OUTSIDE_DEPLOYMENT_WINDOW', { now: at('2026-02-07T10:00:00Z') }],
    ['EMERGENCY_OVERRIDE_INVALID', { emergencyOverride: { by: '  ', reason: 'hotfix for INC-42' } }],
  ];

  it.each(denials)('denies with %s, and only that violation', (rule, overrides) => {
    const decision = gate(overrides);
    expect(decision.allowed).toBe(false);
    expect(decision.violations).toEqual([{ rule, blocking: true, message: expect.any(String) }]);
    expect(decision.strategy.name).toBe('PROGRESSIVE_CANARY');
  });

  it('lists every violation at once', () => {
    const decision = gate({ activeIncidents: { sev1: 2, sev2: 1 }, rollbacksLast24h: 3, now: at('2026-02-07T10:00:00Z') });
    expect(rules(decision)).toEqual(['ACTIVE_SEV1_INCIDENT', 'ACTIVE_SEV2_INCIDENT', 'ROLLBACK_IN_LAST_24H', 'OUTSIDE_DEPLOYMENT_WINDOW']);
    expect(decision.violations[0].message).toBe('2 active SEV1 incidents on checkout: resolve before deploying');
    expect(decision.violations[2].message).toBe('3 rollbacks of checkout in the last 24 h (limit 1): investigate stability');
  });

  describe('error budget', () => {
    it('needs 30 % for tier 1, 20 % for tier 2, 10 % for tier 3 (at the minimum is enough)', () => {
      expect(gate({ errorBudgetRemaining: 0.3 }).allowed).toBe(true);
      expect(gate({ errorBudgetRemaining: 0.25 }).allowed).toBe(false);
      expect(gate({ errorBudgetRemaining: 0.25, tier: 2 }).allowed).toBe(true);
      expect(gate({ errorBudgetRemaining: 0.19, tier: 2 }).allowed).toBe(false);
      expect(gate({ errorBudgetRemaining: 0.1, tier: 3 }).allowed).toBe(true);
      expect(gate({ errorBudgetRemaining: 0.09, tier: 3 }).allowed).toBe(false);
    });

    it('says how much is left and how much is needed', () => {
      expect(gate({ errorBudgetRemaining: 0.125, tier: 2 }).violations[0].message).toBe(
        'error budget at 12.5 %, below the 20 % a tier 2 service needs',
      );
    });

    it('denies an overspent budget', () => {
      expect(blockingRules(gate({ errorBudgetRemaining: -0.4, tier: 3 }))).toEqual(['ERROR_BUDGET_EXHAUSTED']);
    });

    it('warns without denying under 50 %', () => {
      const decision = gate({ errorBudgetRemaining: 0.45 });
      expect(decision.allowed).toBe(true);
      expect(decision.violations).toEqual([{ rule: 'ERROR_BUDGET_LOW', blocking: false, message: 'error budget at 45 % (under 50 %): proceed with caution' }]);
      expect(rules(gate({ errorBudgetRemaining: 0.5 }))).toEqual([]);
    });

    it('applies tier 1 thresholds when the tier is not given', () => {
      const decision = gate({ errorBudgetRemaining: 0.25, tier: undefined });
      expect(decision.tier).toBe(1);
      expect(rules(decision)).toEqual(['ERROR_BUDGET_EXHAUSTED']);
    });
  });

  describe('burn rates', () => {
    it('denies a fast burn from 2 and a slow burn from 1', () => {
      expect(gate({ burnRates: { fast: 1.99, slow: 0.2 } }).allowed).toBe(true);
      expect(rules(gate({ burnRates: { fast: 14.4, slow: 0.2 } }))).toEqual(['FAST_BURN']);
      expect(rules(gate({ burnRates: { fast: 0.5, slow: 1.2 } }))).toEqual(['SLOW_BURN']);
    });

    it('warns without denying on a slow burn from 0.5', () => {
      const decision = gate({ burnRates: { fast: 0.5, slow: 0.99 } });
      expect(decision.allowed).toBe(true);
      expect(decision.violations).toEqual([{ rule: 'SLOW_BURN_ELEVATED', blocking: false, message: expect.stringContaining('0.99') }]);
      expect(rules(gate({ burnRates: { fast: 0.5, slow: 0.49 } }))).toEqual([]);
    });
  });

  describe('a service without an SLO', () => {
    const noSlo = { hasSlo: false, errorBudgetRemaining: null, burnRates: { fast: null, slow: null } };

    it('is not refused for want of a budget: a NO_SLO warning, not a denial', () => {
      const decision = gate(noSlo);
      expect(decision.allowed).toBe(true);
      expect(decision.violations).toEqual([
        { rule: 'NO_SLO', blocking: false, message: 'checkout has no SLO: no error budget or burn rate to check; define one to protect its reliability' },
      ]);
    });

    it('is still refused for everything else (a SEV1, the window)', () => {
      expect(blockingRules(gate({ ...noSlo, activeIncidents: { sev1: 1, sev2: 0 } }))).toEqual(['ACTIVE_SEV1_INCIDENT']);
      expect(blockingRules(gate({ ...noSlo, now: at('2026-02-07T10:00:00Z') }))).toEqual(['OUTSIDE_DEPLOYMENT_WINDOW']);
    });

    it('cannot carry numbers', () => {
      expect(() => gate({ ...noSlo, errorBudgetRemaining: 0.5 })).toThrow(RangeError);
    });
  });

  describe('unknown inputs', () => {
    const unknown = { errorBudgetRemaining: null, burnRates: { fast: null, slow: null } };

    it('never allow silently: each unknown input is a blocking violation', () => {
      const decision = gate(unknown);
      expect(decision.allowed).toBe(false);
      expect(decision.violations.map(({ rule, blocking }) => ({ rule, blocking }))).toEqual([
        { rule: 'ERROR_BUDGET_UNKNOWN', blocking: true },
        { rule: 'FAST_BURN_UNKNOWN', blocking: true },
        { rule: 'SLOW_BURN_UNKNOWN', blocking: true },
      ]);
    });

    it('invent no value: the messages say unknown and carry no number', () => {
      for (const violation of gate(unknown).violations) {
        expect(violation.message).toContain('unknown');
        expect(violation.message).not.toMatch(/\d/);
      }
    });

    it('deny outside production too, where there is no window', () => {
      for (const environment of ['DEVELOPMENT', 'STAGING'] as const) {
        expect(gate({ ...unknown, environment }).allowed).toBe(false);
      }
    });
  });

  describe('incidents and rollbacks', () => {
    it('a SEV2 does not block tier 3 but is listed; a SEV1 blocks every tier', () => {
      const sev2 = gate({ tier: 3, activeIncidents: { sev1: 0, sev2: 1 } });
      expect(sev2.allowed).toBe(true);
      expect(sev2.violations).toEqual([{ rule: 'ACTIVE_SEV2_INCIDENT', blocking: false, message: '1 active SEV2 incident on checkout (not blocking for tier 3)' }]);
      expect(gate({ tier: 3, activeIncidents: { sev1: 1, sev2: 0 } }).allowed).toBe(false);
    });

    it('one rollback in 24 h warns, two deny', () => {
      const one = gate({ rollbacksLast24h: 1 });
      expect(one.allowed).toBe(true);
      expect(one.violations).toEqual([{ rule: 'RECENT_ROLLBACK', blocking: false, message: expect.any(String) }]);
      expect(blockingRules(gate({ rollbacksLast24h: 2 }))).toEqual(['ROLLBACK_IN_LAST_24H']);
    });
  });

  describe('deployment window (production only)', () => {
    const allowedAt = (iso: string, timeZone = 'UTC', tier: 1 | 2 = 2) => gate({ now: at(iso), timeZone, tier }).allowed;

    it('opens at 09:00 and closes at 16:00 local time', () => {
      expect(allowedAt('2026-02-03T08:59:00Z')).toBe(false);
      expect(allowedAt('2026-02-03T09:00:00Z')).toBe(true);
      expect(allowedAt('2026-02-03T15:59:00Z')).toBe(true);
      expect(allowedAt('2026-02-03T16:00:00Z')).toBe(false);
    });

    it('closes on Friday at 12:00 (afternoon = 12:00 or later)', () => {
      expect(allowedAt('2026-02-06T11:59:00Z')).toBe(true);
      const noon = gate({ now: at('2026-02-06T12:00:00Z') });
      expect(noon.allowed).toBe(false);
      expect(noon.violations).toEqual([
        { rule: 'OUTSIDE_DEPLOYMENT_WINDOW', blocking: true, message: 'FRI 12:00 UTC is outside the deployment window: no deployments on Friday afternoon (from 12:00)' },
      ]);
    });

    it('is closed all weekend', () => {
      expect(allowedAt('2026-02-07T10:00:00Z')).toBe(false);
      expect(allowedAt('2026-02-08T10:00:00Z')).toBe(false);
      expect(gate({ now: at('2026-02-07T10:00:00Z') }).violations[0].message).toBe(
        'SAT 10:00 UTC is outside the deployment window: no deployments at weekends',
      );
    });

    it('reads the clock in the configured zone across the spring DST change (Europe/Berlin, 29 March 2026)', () => {
      // 07:30 UTC is 08:30 CET before the change, 09:30 CEST after it.
      expect(allowedAt('2026-03-23T07:30:00Z', 'Europe/Berlin')).toBe(false);
      expect(allowedAt('2026-03-30T07:30:00Z', 'Europe/Berlin')).toBe(true);
      // 14:30 UTC is 15:30 CET before, 16:30 CEST after.
      expect(allowedAt('2026-03-23T14:30:00Z', 'Europe/Berlin')).toBe(true);
      expect(allowedAt('2026-03-30T14:30:00Z', 'Europe/Berlin')).toBe(false);
      expect(gate({ now: at('2026-03-30T14:30:00Z'), timeZone: 'Europe/Berlin' }).violations[0].message).toBe(
        'MON 16:30 Europe/Berlin is outside the deployment window: deployments stop at 16:00',
      );
    });

    it('reads Friday afternoon in the configured zone across the autumn DST change (25 October 2026)', () => {
      // Friday 11:30 UTC is still morning in UTC but 12:30 in Berlin.
      expect(allowedAt('2026-03-27T11:30:00Z')).toBe(true);
      expect(allowedAt('2026-03-27T11:30:00Z', 'Europe/Berlin')).toBe(false);
      // 10:30 UTC is 12:30 CEST before the change, 11:30 CET after it.
      expect(allowedAt('2026-10-23T10:30:00Z', 'Europe/Berlin')).toBe(false);
      expect(allowedAt('2026-10-30T10:30:00Z', 'Europe/Berlin')).toBe(true);
    });

    it('does not apply to staging or development', () => {
      for (const environment of ['DEVELOPMENT', 'STAGING'] as const) {
        const decision = gate({ environment, now: at('2026-02-07T03:00:00Z') });
        expect(decision.allowed).toBe(true);
        expect(decision.violations).toEqual([]);
      }
    });

    it('warns without denying when a tier 1 service goes out on Friday morning', () => {
      const decision = gate({ now: at('2026-02-06T10:00:00Z') });
      expect(decision.allowed).toBe(true);
      expect(rules(decision)).toEqual(['FRIDAY_TIER1_DEPLOYMENT']);
      expect(rules(gate({ now: at('2026-02-06T10:00:00Z'), tier: 2 }))).toEqual([]);
    });
  });

  describe('strategy', () => {
    it('follows the tier in production', () => {
      expect(gate({ tier: 1 }).strategy.name).toBe('PROGRESSIVE_CANARY');
      expect(gate({ tier: 2 }).strategy).toEqual(RELEASE_GATE_POLICY.strategies.STANDARD_CANARY);
      expect(gate({ tier: 3 }).strategy).toEqual({ name: 'ROLLING', steps: [] });
    });

    it('is a rolling update outside production, whatever the tier', () => {
      expect(gate({ environment: 'STAGING', tier: 1 }).strategy.name).toBe('ROLLING');
      expect(gate({ environment: 'DEVELOPMENT', tier: 2 }).strategy.name).toBe('ROLLING');
    });
  });

  describe('emergency override', () => {
    const override = { by: 'alice@example.com', reason: 'hotfix for INC-42 (payment outage)' };

    it('allows despite blocking violations, keeps them listed, and returns the override to record', () => {
      const now = at('2026-02-07T23:00:00Z');
      const decision = gate({ now, activeIncidents: { sev1: 1, sev2: 0 }, errorBudgetRemaining: null, emergencyOverride: override });
      expect(decision.allowed).toBe(true);
      expect(decision.violations.map(({ rule, blocking }) => ({ rule, blocking }))).toEqual([
        { rule: 'ERROR_BUDGET_UNKNOWN', blocking: true },
        { rule: 'ACTIVE_SEV1_INCIDENT', blocking: true },
        { rule: 'OUTSIDE_DEPLOYMENT_WINDOW', blocking: true },
      ]);
      expect(decision.override).toEqual({ ...override, at: now, overriddenRules: ['ERROR_BUDGET_UNKNOWN', 'ACTIVE_SEV1_INCIDENT', 'OUTSIDE_DEPLOYMENT_WINDOW'] });
      expect(decision.strategy.name).toBe('PROGRESSIVE_CANARY');
    });

    it('is returned even when nothing was blocking, with nothing overridden', () => {
      const decision = gate({ emergencyOverride: override });
      expect(decision.allowed).toBe(true);
      expect(decision.override).toEqual({ ...override, at: TUESDAY_10_UTC, overriddenRules: [] });
    });

    it('records who and why trimmed', () => {
      expect(gate({ emergencyOverride: { by: ' alice ', reason: ' INC-42\n' } }).override).toMatchObject({ by: 'alice', reason: 'INC-42' });
    });

    it('without who or why is not applied and denies', () => {
      for (const blank of [{ ...override, by: '' }, { ...override, reason: ' ' }]) {
        const decision = gate({ activeIncidents: { sev1: 1, sev2: 0 }, emergencyOverride: blank });
        expect(decision.allowed).toBe(false);
        expect(blockingRules(decision)).toEqual(['ACTIVE_SEV1_INCIDENT', 'EMERGENCY_OVERRIDE_INVALID']);
        expect(decision).not.toHaveProperty('override');
      }
    });
  });

  it('tests failing on the commit released deny; flaky ones warn; unknown tests are stated as a warning, never read as none', () => {
    const failing = gate({ tests: { commitSha: 'abc1234def5678', failing: 2, flaky: 1, unknownBecause: null } });
    expect(failing.allowed).toBe(false);
    expect(blockingRules(failing)).toEqual(['FAILING_TESTS']);
    expect(rules(failing)).toEqual(['FAILING_TESTS', 'FLAKY_TESTS']);
    expect(failing.violations[0].message).toBe('2 tests failing on commit abc1234def56');
    const flaky = gate({ tests: { commitSha: 'abc', failing: 0, flaky: 3, unknownBecause: null } });
    expect(flaky).toMatchObject({ allowed: true, violations: [{ rule: 'FLAKY_TESTS', blocking: false }] });
    const unknown = gate({ tests: { commitSha: 'abc', failing: null, flaky: null, unknownBecause: 'no build run of checkout on commit abc is known' } });
    expect(unknown).toMatchObject({ allowed: true, violations: [{ rule: 'TESTS_UNKNOWN', blocking: false }] });
    expect(unknown.violations[0].message).toMatch(/unknown: no build run of checkout on commit abc is known; the gate does not assume there are none/);
    expect(RELEASE_GATE_POLICY.tests).toEqual({ failingBlocks: true, unknownBlocks: false });
    expect(() => gate({ tests: { commitSha: 'abc', failing: -1, flaky: 0, unknownBecause: null } })).toThrow(RangeError);
  });

  it('refuses values no caller should send', () => {
    expect(() => gate({ errorBudgetRemaining: Number.NaN })).toThrow(RangeError);
    expect(() => gate({ burnRates: { fast: -1, slow: 0 } })).toThrow('burn rate fast');
    expect(() => gate({ activeIncidents: { sev1: 0.5, sev2: 0 } })).toThrow('sev1 is a count');
    expect(() => gate({ rollbacksLast24h: -1 })).toThrow(RangeError);
    expect(() => gate({ now: new Date('not a date') })).toThrow(RangeError);
    expect(() => gate({ timeZone: 'Europe/Nowhere' })).toThrow(RangeError);
  });
});
