import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
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
