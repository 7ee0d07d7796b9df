import type { DeploymentEnvironment } from '../deployments/deployment.enums';
import { checkDeploymentWindow, DeploymentWindowPolicy, formatClock, WindowClosedReason } from './deployment-window';

/** 1 = critical path, 2 = supporting, 3 = internal (seed 002 "Service Tier"). */
export type ServiceTier = 1 | 2 | 3;

export type ReleaseStrategyName = 'PROGRESSIVE_CANARY' | 'STANDARD_CANARY' | 'ROLLING';

/** One step of a canary: shift `weight` % of traffic, wait, run the analyses before the next step. */
export interface CanaryStep {
  readonly weight: number;
  readonly pauseSeconds: number;
  readonly analysis: readonly string[];
}

export interface ReleaseStrategy {
  readonly name: ReleaseStrategyName;
  /** Empty for a rolling update (no traffic steps). */
  readonly steps: readonly CanaryStep[];
}

export interface EmergencyOverride {
  by: string;
  reason: string;
}

export interface ReleaseGateInput {
  service: string;
  environment: DeploymentEnvironment;
  version: string;
  now: Date;
  /** IANA time zone the deployment window is read in (`Europe/Berlin`). */
  timeZone: string;
  /** Tier of the service; absent = tier 1, the strictest thresholds and the most careful strategy. */
  tier?: ServiceTier;
  /**
   * False when the service has no SLO: there is no budget to protect, so the
   * budget and burn rates are not checked (a NO_SLO warning says so) and
   * must be null. True: null values below are unknown (and deny).
   */
  hasSlo: boolean;
  /** Ratio (0.3 = 30 %; below 0 = overspent); null = unknown. */
  errorBudgetRemaining: number | null;
  /** Error-budget burn rates (1 = spends the budget exactly over the SLO window); null = unknown. */
  burnRates: { fast: number | null; slow: number | null };
  /** Open incidents on the service; seed 002 calls SEV1 / SEV2 "P1" / "P2". */
  activeIncidents: { sev1: number; sev2: number };
  rollbacksLast24h: number;
  /**
   * Tests of the commit being released (from the builds domain): tests failing
   * on it and tests flaky on it; null counts = unknown, with why.
   */
  tests: { commitSha: string | null; failing: number | null; flaky: number | null; unknownBecause: string | null };
  emergencyOverride: EmergencyOverride | null;
}

/** Stable codes: callers, dashboards and tests match on these, never on messages. */
export type ReleaseGateRule =
  | 'NO_SLO'
  | 'ERROR_BUDGET_UNKNOWN'
  | 'ERROR_BUDGET_EXHAUSTED'
  | 'ERROR_BUDGET_LOW'
  | 'FAST_BURN_UNKNOWN'
  | 'FAST_BURN'
  | 'SLOW_BURN_UNKNOWN'
  | 'SLOW_BURN'
  | 'SLOW_BURN_ELEVATED'
  | 'ACTIVE_SEV1_INCIDENT'
  | 'ACTIVE_SEV2_INCIDENT'
  | 'ROLLBACK_IN_LAST_24H'
  | 'RECENT_ROLLBACK'
  | 'FAILING_TESTS'
  | 'FLAKY_TESTS'
  | 'TESTS_UNKNOWN'
  | 'OUTSIDE_DEPLOYMENT_WINDOW'
  | 'FRIDAY_TIER1_DEPLOYMENT'
  | 'EMERGENCY_OVERRIDE_INVALID';

export interface ReleaseGateViolation {
  rule: ReleaseGateRule;
  message: string;
  /** True: denies unless a valid emergency override is given. False: a warning, listed for the record. */
  blocking: boolean;
}

/** An emergency override that was applied; the caller must record it (who, why, when, what it lifted). */
export interface RecordedOverride {
  by: string;
  reason: string;
  at: Date;
  /** The blocking rules the override lifted; empty when nothing was blocking. */
  overriddenRules: ReleaseGateRule[];
}

export interface ReleaseGateDecision {
  service: string;
  environment: DeploymentEnvironment;
  version: string;
  /** The tier whose thresholds were applied. */
  tier: ServiceTier;
  allowed: boolean;
  /** How to roll out if allowed (also given when denied, for an override or a later retry). */
  strategy: ReleaseStrategy;
  /** Every rule that fired, blocking or not; an override never removes one. */
  violations: ReleaseGateViolation[];
  override?: RecordedOverride;
}

export interface TierPolicy {
  /** Deny below this error budget ratio. */
  readonly minErrorBudget: number;
  /** Whether an active SEV2 incident denies (a SEV1 always does). */
  readonly sev2Blocks: boolean;
  /** Strategy in PRODUCTION. */
  readonly strategy: ReleaseStrategyName;
}

export interface ReleaseGatePolicy {
  readonly defaultTier: ServiceTier;
  readonly tiers: Readonly<Record<ServiceTier, TierPolicy>>;
  /** Warn (not deny) below this error budget ratio when above the tier's minimum. */
  readonly errorBudgetWarnBelow: number;
  /** Deny at or above these burn rates; warn at or above `slowWarnsAt`. */
  readonly burnRate: { readonly fastBlocksAt: number; readonly slowBlocksAt: number; readonly slowWarnsAt: number };
  /** Deny at or above `blocksAt` rollbacks in the last 24 h; warn at `warnsAt`. */
  readonly rollbacksLast24h: { readonly blocksAt: number; readonly warnsAt: number };
  /** The window applies to these environments only. */
  readonly windowEnvironments: readonly DeploymentEnvironment[];
  readonly window: DeploymentWindowPolicy;
  /** Whether an unknown error budget or burn rate denies. */
  readonly unknownInputBlocks: boolean;
  /** Tests of the commit released: whether failing ones deny, and whether not knowing them does. */
  readonly tests: { readonly failingBlocks: boolean; readonly unknownBlocks: boolean };
  /** Strategy outside PRODUCTION, whatever the tier. */
  readonly nonProductionStrategy: ReleaseStrategyName;
  readonly strategies: Readonly<Record<ReleaseStrategyName, ReleaseStrategy>>;
}

/**
 * Every threshold of the release gate, from seed 002
 * (shared/seeds/002_e2e25858bd7ed480.txt, "CompanyOS Deployment Pipeline",
 * v0.1.0) and from the OPA policy its Stage 6 runs
 * (`opa eval -d docs/release-reliability/policies/release_gate.rego …
 * "data.companyos.release.decision"`; that file is not in the seed, quoted
 * from github.com/BrianCLong/summit at 25e30cb). Seed 002 itself names the gate's
 * inputs and states the window and the canary steps, but no number for the
 * error budget, burn rates, incidents or rollbacks; those come from the rego.
 *
 * Error budget (rego, in per cent; the seed's gate input is
 * `slo:error_budget_remaining:ratio … * 100`, here kept as a ratio):
 *   "min_error_budget := 30 if { input.service in tier1_services }"
 *   "min_error_budget := 20 if { input.service in tier2_services }"
 *   "min_error_budget := 10 if { input.service in tier3_services }"
 *   warning: "input.slo.error_budget_remaining < 50" → "proceed with caution"
 * Burn rates (rego): "burn_rate_acceptable if { input.slo.fast_burn_rate < 2.0
 *   input.slo.slow_burn_rate < 1.0 }"; warning: "input.slo.slow_burn_rate >= 0.5"
 *   → "Elevated slow burn rate … monitor closely".
 * Incidents (rego): "no_active_incidents if { input.slo.active_p1_incidents == 0
 *   input.slo.active_p2_incidents == 0 }", and for tier 3 only
 *   "input.slo.active_p1_incidents == 0".
 * Rollbacks (rego): "recent_rollback_count_acceptable if {
 *   input.slo.rollbacks_last_24h < 2 }"; warning: "rollbacks_last_24h == 1".
 * Window (seed 002, Stage 6 "Check deployment window"):
 *   `if [[ "$DAY" =~ ^(Saturday|Sunday)$ ]]` → "Deployment blocked - weekend"
 *   `if [[ "$DAY" == "Friday" && $HOUR -ge 12 ]]` → "Deployment blocked - Friday afternoon"
 *   `if [[ $HOUR -lt 9 || $HOUR -ge 16 ]]` → "Deployment blocked - outside hours (09:00-16:00)"
 *   Production only (rego: "deployment_window_valid if { input.environment != \"production\" }").
 *   The seed reads `date` on the runner; here the zone is configurable.
 * Strategies (seed 002, Stage 8 "Traffic Progression"):
 *   "Tier 1 Services (Progressive Canary): 1% → Smoke check, 10% → SLO burn check
 *   (1m), 25% → Synthetic check (6m), 50% → Anomaly check (16m), 100% (31m)";
 *   "Tier 2 Services (Standard Canary): 10% → Health check, 50% → SLO burn check
 *   (2m), 100% (5m)". Pauses and analysis names from the rego's `canary_steps`;
 *   "rolling" for tier 3 and for development / staging (rego `recommended_strategy`).
 *   Neither source picks a strategy by error budget.
 * Unknown inputs: the rego is "default allow := false", so a missing SLO input
 *   denies; the gate does the same and says which input is unknown.
 * Tests (issue #15, not in the seed or the rego): tests failing on the commit
 *   being released deny; flaky ones warn. Not knowing them (no run or no test
 *   report of the commit, builds unreachable) is stated as a warning and never
 *   read as "no failing tests"; it does not deny, since neither source makes
 *   tests a gate input and CI without JUnit uploads would otherwise never ship.
 */
export const RELEASE_GATE_POLICY: ReleaseGatePolicy = {
  defaultTier: 1,
  tiers: {
    1: { minErrorBudget: 0.3, sev2Blocks: true, strategy: 'PROGRESSIVE_CANARY' },
    2: { minErrorBudget: 0.2, sev2Blocks: true, strategy: 'STANDARD_CANARY' },
    3: { minErrorBudget: 0.1, sev2Blocks: false, strategy: 'ROLLING' },
  },
  errorBudgetWarnBelow: 0.5,
  burnRate: { fastBlocksAt: 2.0, slowBlocksAt: 1.0, slowWarnsAt: 0.5 },
  rollbacksLast24h: { blocksAt: 2, warnsAt: 1 },
  windowEnvironments: ['PRODUCTION'],
  window: { closedDays: ['SAT', 'SUN'], opensAtHour: 9, closesAtHour: 16, fridayClosesAtHour: 12 },
  unknownInputBlocks: true,
  tests: { failingBlocks: true, unknownBlocks: false },
  nonProductionStrategy: 'ROLLING',
  strategies: {
    PROGRESSIVE_CANARY: {
      name: 'PROGRESSIVE_CANARY',
      steps: [
        { weight: 1, pauseSeconds: 60, analysis: ['smoke-check'] },
        { weight: 10, pauseSeconds: 300, analysis: ['slo-burn-check', 'error-budget-check'] },
        { weight: 25, pauseSeconds: 600, analysis: ['slo-burn-check', 'synthetic-check'] },
        { weight: 50, pauseSeconds: 900, analysis: ['slo-burn-check', 'anomaly-check'] },
        { weight: 100, pauseSeconds: 0, analysis: [] },
      ],
    },
    STANDARD_CANARY: {
      name: 'STANDARD_CANARY',
      steps: [
        { weight: 10, pauseSeconds: 120, analysis: ['quick-health-check'] },
        { weight: 50, pauseSeconds: 180, analysis: ['slo-burn-check'] },
        { weight: 100, pauseSeconds: 0, analysis: [] },
      ],
    },
    ROLLING: { name: 'ROLLING', steps: [] },
  },
};

const WINDOW_CLOSED: Record<WindowClosedReason, string> = {
  WEEKEND: 'no deployments at weekends',
  FRIDAY_AFTERNOON: `no deployments on Friday afternoon (from ${hh(RELEASE_GATE_POLICY.window.fridayClosesAtHour)})`,
  BEFORE_HOURS: `deployments start at ${hh(RELEASE_GATE_POLICY.window.opensAtHour)}`,
  AFTER_HOURS: `deployments stop at ${hh(RELEASE_GATE_POLICY.window.closesAtHour)}`,
};

/**
 * Decides whether `version` of `service` may be deployed to `environment`
 * now, under RELEASE_GATE_POLICY. Pure: the caller gathers the inputs (and
 * passes null for what it does not know), and records the decision.
 *
 * Denied when any violation is blocking, unless a valid emergency override
 * (non-blank `by` and `reason`) is given: then allowed, every violation still
 * listed, and the override returned for the caller to record. A blank override
 * is itself a blocking violation. Unknown error budget or burn rates are
 * blocking violations (never assumed healthy: seed 002's gate job denies
 * whatever it cannot prove allowed). A service without an SLO has none to
 * check: a NO_SLO warning, not a denial (else it could never release without
 * an override, and overrides would become routine). Throws a RangeError for values
 * no caller should send (a NaN ratio, a negative count, an invalid date or time zone).
 */
export function evaluateReleaseGate(input: ReleaseGateInput): ReleaseGateDecision {
  assertValid(input);
  const policy = RELEASE_GATE_POLICY;
  const tier = input.tier ?? policy.defaultTier;
  const tierPolicy = policy.tiers[tier];
  const violations: ReleaseGateViolation[] = [];
  const add = (rule: ReleaseGateRule, blocking: boolean, message: string) => violations.push({ rule, message, blocking });

  const budget = input.errorBudgetRemaining;
  const { fast, slow } = input.burnRates;
  if (!input.hasSlo) {
    add('NO_SLO', false, `${input.service} has no SLO: no error budget or burn rate to check; define one to protect its reliability`);
  } else if (budget === null) {
    add('ERROR_BUDGET_UNKNOWN', policy.unknownInputBlocks, `error budget of ${input.service} is unknown; the gate does not assume it is healthy`);
  } else if (budget < tierPolicy.minErrorBudget) {
    add('ERROR_BUDGET_EXHAUSTED', true, `error budget at ${percent(budget)}, below the ${percent(tierPolicy.minErrorBudget)} a tier ${tier} service needs`);
  } else if (budget < policy.errorBudgetWarnBelow) {
    add('ERROR_BUDGET_LOW', false, `error budget at ${percent(budget)} (under ${percent(policy.errorBudgetWarnBelow)}): proceed with caution`);
  }

  if (!input.hasSlo) {
    // nothing to check
  } else if (fast === null) {
    add('FAST_BURN_UNKNOWN', policy.unknownInputBlocks, `fast burn rate of ${input.service} is unknown; the gate does not assume it is low`);
  } else if (fast >= policy.burnRate.fastBlocksAt) {
    add('FAST_BURN', true, `fast burn rate ${fast} is at or above ${policy.burnRate.fastBlocksAt}`);
  }
  if (!input.hasSlo) {
    // nothing to check
  } else if (slow === null) {
    add('SLOW_BURN_UNKNOWN', policy.unknownInputBlocks, `slow burn rate of ${input.service} is unknown; the gate does not assume it is low`);
  } else if (slow >= policy.burnRate.slowBlocksAt) {
    add('SLOW_BURN', true, `slow burn rate ${slow} is at or above ${policy.burnRate.slowBlocksAt}`);
  } else if (slow >= policy.burnRate.slowWarnsAt) {
    add('SLOW_BURN_ELEVATED', false, `slow burn rate ${slow} is elevated (${policy.burnRate.slowWarnsAt} or more): monitor closely`);
  }

  const { sev1, sev2 } = input.activeIncidents;
  if (sev1 > 0) add('ACTIVE_SEV1_INCIDENT', true, `${count(sev1, 'active SEV1 incident')} on ${input.service}: resolve before deploying`);
  if (sev2 > 0) {
    const message = `${count(sev2, 'active SEV2 incident')} on ${input.service}`;
    add('ACTIVE_SEV2_INCIDENT', tierPolicy.sev2Blocks, tierPolicy.sev2Blocks ? `${message}: resolve before deploying` : `${message} (not blocking for tier ${tier})`);
  }

  const rollbacks = input.rollbacksLast24h;
  if (rollbacks >= policy.rollbacksLast24h.blocksAt) {
    add('ROLLBACK_IN_LAST_24H', true, `${count(rollbacks, 'rollback')} of ${input.service} in the last 24 h (limit ${policy.rollbacksLast24h.blocksAt - 1}): investigate stability`);
  } else if (rollbacks >= policy.rollbacksLast24h.warnsAt) {
    add('RECENT_ROLLBACK', false, `${count(rollbacks, 'rollback')} of ${input.service} in the last 24 h: make sure this version is well tested`);
  }

  const tests = input.tests;
  const commit = tests.commitSha ? `commit ${tests.commitSha.slice(0, 12)}` : 'the commit';
  if (tests.failing === null || tests.flaky === null) {
    add('TESTS_UNKNOWN', policy.tests.unknownBlocks, `failing or flaky tests on ${commit} are unknown: ${tests.unknownBecause ?? 'not read'}; the gate does not assume there are none`);
  } else {
    if (tests.failing > 0) add('FAILING_TESTS', policy.tests.failingBlocks, `${count(tests.failing, 'test')} failing on ${commit}`);
    if (tests.flaky > 0) add('FLAKY_TESTS', false, `${count(tests.flaky, 'test')} flaky on ${commit}: passed and failed on the same commit`);
  }

  if (policy.windowEnvironments.includes(input.environment)) {
    const window = checkDeploymentWindow(input.now, input.timeZone, policy.window);
    const when = `${formatClock(window.local)} ${input.timeZone}`;
    if (window.closedBecause) {
      add('OUTSIDE_DEPLOYMENT_WINDOW', true, `${when} is outside the deployment window: ${WINDOW_CLOSED[window.closedBecause]}`);
    } else if (window.local.weekday === 'FRI' && tier === 1) {
      add('FRIDAY_TIER1_DEPLOYMENT', false, `${when}: Friday deployment of a tier 1 service, consider waiting until Monday`);
    }
  }

  const override = input.emergencyOverride && { by: input.emergencyOverride.by.trim(), reason: input.emergencyOverride.reason.trim() };
  const overrideValid = Boolean(override?.by && override.reason);
  if (override && !overrideValid) {
    add('EMERGENCY_OVERRIDE_INVALID', true, 'an emergency override needs who gives it (by) and why (reason); it was not applied');
  }

  const blocking = violations.filter((v) => v.blocking).map((v) => v.rule);
  const strategyName = input.environment === 'PRODUCTION' ? tierPolicy.strategy : policy.nonProductionStrategy;
  const decision: ReleaseGateDecision = {
    service: input.service,
    environment: input.environment,
    version: input.version,
    tier,
    allowed: blocking.length === 0 || overrideValid,
    strategy: policy.strategies[strategyName],
    violations,
  };
  if (override && overrideValid) decision.override = { ...override, at: input.now, overriddenRules: blocking };
  return decision;
}

function assertValid(input: ReleaseGateInput): void {
  if (Number.isNaN(input.now.getTime())) throw new RangeError('now is an invalid date');
  if (!input.hasSlo && (input.errorBudgetRemaining !== null || input.burnRates.fast !== null || input.burnRates.slow !== null)) {
    throw new RangeError('a service without an SLO has no error budget or burn rates');
  }
  const ratio = input.errorBudgetRemaining;
  if (ratio !== null && !Number.isFinite(ratio)) throw new RangeError(`errorBudgetRemaining is a ratio or null, not ${ratio}`);
  for (const [name, rate] of Object.entries(input.burnRates)) {
    if (rate !== null && !(Number.isFinite(rate) && rate >= 0)) throw new RangeError(`burn rate ${name} is a number ≥ 0 or null, not ${rate}`);
  }
  const counts: Record<string, number> = { sev1: input.activeIncidents.sev1, sev2: input.activeIncidents.sev2, rollbacksLast24h: input.rollbacksLast24h };
  if (input.tests.failing !== null) counts.failingTests = input.tests.failing;
  if (input.tests.flaky !== null) counts.flakyTests = input.tests.flaky;
  for (const [name, n] of Object.entries(counts)) {
    if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${name} is a count, not ${n}`);
  }
}

/** 0.125 → "12.5 %". */
function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))} %`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function hh(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
