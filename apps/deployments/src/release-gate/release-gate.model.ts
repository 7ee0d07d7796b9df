import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DeploymentEnvironment } from '../deployments/deployment.enums';

@InputType()
export class ReleaseGateInput {
  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  service: string;

  @Field(() => DeploymentEnvironment)
  @IsEnum(DeploymentEnvironment)
  environment: DeploymentEnvironment;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  version: string;

  @Field(() => Int, { nullable: true, description: '1 critical path (default, strictest), 2 supporting, 3 internal.' })
  @IsOptional()
  @IsIn([1, 2, 3])
  tier?: 1 | 2 | 3;

  @Field(() => String, { nullable: true, description: "The commit being released; default: the commit of the latest deployment reported for this service and version. Its failing and flaky tests are read from the builds subgraph." })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{7,64}$/, { message: 'commitSha must be 7–64 hexadecimal characters' })
  commitSha?: string;
}

@InputType()
export class OverrideReleaseGateInput extends ReleaseGateInput {
  @Field(() => String, { description: 'Why the gate is overridden; recorded with who did it.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

@ObjectType()
export class CanaryStep {
  @Field(() => Int, { description: 'Per cent of traffic.' })
  weight: number;

  @Field(() => Int)
  pauseSeconds: number;

  @Field(() => [String])
  analysis: string[];
}

@ObjectType()
export class ReleaseStrategy {
  @Field(() => String, { description: 'PROGRESSIVE_CANARY, STANDARD_CANARY or ROLLING.' })
  name: string;

  @Field(() => [CanaryStep])
  steps: CanaryStep[];
}

@ObjectType()
export class ReleaseGateViolation {
  @Field(() => String, { description: 'Stable code, e.g. ERROR_BUDGET_EXHAUSTED, ACTIVE_SEV1_INCIDENT, OUTSIDE_DEPLOYMENT_WINDOW.' })
  rule: string;

  @Field(() => String)
  message: string;

  @Field(() => Boolean, { description: 'true denies (unless overridden); false is a warning.' })
  blocking: boolean;
}

@ObjectType({ description: 'What the gate decided on; null where it is unknown.' })
export class ReleaseGateInputs {
  @Field(() => Boolean, { description: 'False: the service has no SLO, so budget and burn rates are null and not checked (NO_SLO warning).' })
  hasSlo: boolean;

  @Field(() => Float, { nullable: true, description: 'Lowest remaining error budget of the service’s SLOs (from Prometheus or alert time, per SLO).' })
  errorBudgetRemaining: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest over the service’s SLOs of the 1 h burn rate confirmed by the 5 min one (the lower of the two).' })
  fastBurnRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Highest over the service’s SLOs of the 3 d burn rate confirmed by the 6 h one (the lower of the two).' })
  slowBurnRate: number | null;

  @Field(() => String, { nullable: true, description: 'Why the SLO inputs are unknown (Prometheus unreachable, the alerts subgraph unreachable…).' })
  sloUnknownBecause: string | null;

  @Field(() => Int)
  activeSev1Incidents: number;

  @Field(() => Int)
  activeSev2Incidents: number;

  @Field(() => Int)
  rollbacksLast24h: number;

  @Field(() => String, { nullable: true, description: 'The commit whose tests were read; null when not known.' })
  commitSha: string | null;

  @Field(() => Int, { nullable: true, description: 'Tests failing on the commit (failed or errored, never passed on it); null = unknown.' })
  failingTests: number | null;

  @Field(() => Int, { nullable: true, description: 'Tests flaky on the commit (passed and failed on it, or flagged); null = unknown.' })
  flakyTests: number | null;

  @Field(() => [String], { description: 'Up to 10 failing tests, `suite › classname › name`.' })
  failingTestExamples: string[];

  @Field(() => String, { nullable: true, description: 'Why the tests of the commit are unknown.' })
  testsUnknownBecause: string | null;

  @Field(() => String, { description: 'Time zone of the deployment window.' })
  timeZone: string;
}

@ObjectType()
export class ReleaseGateOverride {
  @Field(() => String)
  by: string;

  @Field(() => String)
  reason: string;

  @Field(() => Date)
  at: Date;

  @Field(() => [String], { description: 'The blocking rules it overrode.' })
  overriddenRules: string[];
}

@ObjectType({ description: 'The release gate of seed 002 for one version of a service.' })
export class ReleaseGateDecision {
  @Field(() => String)
  service: string;

  @Field(() => DeploymentEnvironment)
  environment: DeploymentEnvironment;

  @Field(() => String)
  version: string;

  @Field(() => Int)
  tier: number;

  @Field(() => Boolean)
  allowed: boolean;

  @Field(() => ReleaseStrategy)
  strategy: ReleaseStrategy;

  @Field(() => [ReleaseGateViolation])
  violations: ReleaseGateViolation[];

  @Field(() => ReleaseGateInputs)
  inputs: ReleaseGateInputs;

  @Field(() => ReleaseGateOverride, { nullable: true })
  override: ReleaseGateOverride | null;

  @Field(() => Date)
  evaluatedAt: Date;
}
