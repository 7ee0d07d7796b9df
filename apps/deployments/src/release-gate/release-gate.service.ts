import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { DeploymentsService } from '../deployments/deployments.service';
import { DAY_MS } from '../dora/utc-calendar';
import { IncidentRecordsService } from '../incidents/incident-records.service';
import { OverrideReleaseGateInput, ReleaseGateDecision, ReleaseGateInput } from './release-gate.model';
import { ReleaseGateOverrideEntity } from './release-gate-override.entity';
import { evaluateReleaseGate } from './release-gate.policy';
import { SloInputsClient } from './slo-inputs.client';
import { TestInputsClient } from './test-inputs.client';


/**
 * Gathers the release gate's inputs (error budget and burn rates from the
 * alerts subgraph, failing and flaky tests of the commit from the builds subgraph, active incidents and rollbacks from this domain, the
 * clock) and applies the policy. An override is recorded before it is
 * returned.
 */
@Injectable()
export class ReleaseGateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slos: SloInputsClient,
    private readonly tests: TestInputsClient,
    private readonly incidents: IncidentRecordsService,
    private readonly deployments: DeploymentsService,
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
  ) {}

  evaluate(input: ReleaseGateInput, now = new Date()): Promise<ReleaseGateDecision> {
    return this.decide(input, null, now);
  }

  /** Applies an emergency override: allowed whatever the violations, and recorded (who, why, which rules). */
  async override(input: OverrideReleaseGateInput, actor: string, now = new Date()): Promise<ReleaseGateDecision> {
    const decision = await this.decide(input, { by: actor, reason: input.reason }, now);
    await this.dataSource.manager.insert(ReleaseGateOverrideEntity, {
      serviceName: decision.service,
      environment: decision.environment,
      version: decision.version,
      overriddenBy: actor,
      reason: input.reason.trim(),
      overriddenRules: decision.override?.overriddenRules ?? [],
      decision: { ...decision } as never,
    });
    return decision;
  }

  private async decide(input: ReleaseGateInput, override: { by: string; reason: string } | null, now: Date): Promise<ReleaseGateDecision> {
    const [slo, active, rollbacks, tests] = await Promise.all([
      this.slos.lookup(input.service),
      this.incidents.activeCounts(input.service),
      this.deployments.rollbacksSince(input.service, input.environment, new Date(now.getTime() - DAY_MS)),
      (async () => this.tests.lookup(input.service, input.commitSha ?? (await this.deployments.commitOf(input.service, input.version))))(),
    ]);
    const timeZone = this.config.releaseWindowTimeZone;
    const decision = evaluateReleaseGate({
      service: input.service,
      environment: input.environment,
      version: input.version,
      now,
      timeZone,
      tier: input.tier,
      hasSlo: slo.hasSlo,
      errorBudgetRemaining: slo.errorBudgetRemaining,
      burnRates: { fast: slo.fastBurnRate, slow: slo.slowBurnRate },
      activeIncidents: active,
      rollbacksLast24h: rollbacks,
      tests: { commitSha: tests.commitSha, failing: tests.failingTests, flaky: tests.flakyTests, unknownBecause: tests.unknownBecause },
      emergencyOverride: override,
    });
    return {
      service: decision.service,
      environment: decision.environment,
      version: decision.version,
      tier: decision.tier,
      allowed: decision.allowed,
      strategy: { name: decision.strategy.name, steps: decision.strategy.steps.map((step) => ({ ...step, analysis: [...step.analysis] })) },
      violations: decision.violations,
      inputs: {
        hasSlo: slo.hasSlo,
        errorBudgetRemaining: slo.errorBudgetRemaining,
        fastBurnRate: slo.fastBurnRate,
        slowBurnRate: slo.slowBurnRate,
        sloUnknownBecause: slo.unknownBecause,
        activeSev1Incidents: active.sev1,
        activeSev2Incidents: active.sev2,
        rollbacksLast24h: rollbacks,
        commitSha: tests.commitSha,
        failingTests: tests.failingTests,
        flakyTests: tests.flakyTests,
        failingTestExamples: tests.failingExamples,
        testsUnknownBecause: tests.unknownBecause,
        timeZone,
      },
      override: decision.override ?? null,
      evaluatedAt: now,
    };
  }
}
