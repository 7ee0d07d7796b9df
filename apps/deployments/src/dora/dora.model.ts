import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DeploymentEnvironment } from '../deployments/deployment.enums';

export enum DoraLevelName {
  ELITE = 'ELITE',
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

export enum DoraGranularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

registerEnumType(DoraLevelName, {
  name: 'DoraLevel',
  description: 'Software delivery performance level of the Accelerate State of DevOps Report 2021 (thresholds in dora-levels.ts).',
});
registerEnumType(DoraGranularity, { name: 'DoraGranularity', description: 'UTC days, weeks starting on Monday, or calendar months.' });

@ObjectType()
export class DoraLevels {
  @Field(() => DoraLevelName, { nullable: true })
  deploymentFrequency: DoraLevelName | null;

  @Field(() => DoraLevelName, { nullable: true })
  leadTime: DoraLevelName | null;

  @Field(() => DoraLevelName, { nullable: true })
  changeFailureRate: DoraLevelName | null;

  @Field(() => DoraLevelName, { nullable: true })
  timeToRestore: DoraLevelName | null;
}

@ObjectType({ description: 'The four keys over one stretch of time.' })
export class DoraSnapshot {
  @Field(() => Date, { description: 'Inclusive.' })
  from: Date;

  @Field(() => Date, { description: 'Exclusive.' })
  to: Date;

  @Field(() => Int, { description: 'Successful deployments that finished in the period (failed and rolled-back ones count in changeFailureRate only).' })
  deployments: number;

  @Field(() => Float)
  deploymentsPerDay: number;

  @Field(() => Float, { description: 'Days with a successful deployment, per week.' })
  deploymentDaysPerWeek: number;

  @Field(() => Float, { nullable: true, description: 'Median finish − commit of successful deployments, seconds (within 1 %).' })
  leadTimeSeconds: number | null;

  @Field(() => Float, { nullable: true, description: '(failed + rolled back + caused an incident) ÷ finished; null when none finished.' })
  changeFailureRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Median resolved − started of incidents resolved in the period, seconds (within 1 %).' })
  timeToRestoreSeconds: number | null;

  @Field(() => DoraLevels)
  levels: DoraLevels;
}

@ObjectType({ description: '(current − previous) ÷ previous: 0.12 reads "↑ 12 % vs last period".' })
export class MetricChange {
  @Field(() => Float, { nullable: true, description: 'null when either value is missing or the previous one is 0.' })
  change: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether it moved the better way; false when unchanged.' })
  improved: boolean | null;
}

@ObjectType()
export class DoraChange {
  @Field(() => MetricChange)
  deploymentsPerDay: MetricChange;

  @Field(() => MetricChange)
  deploymentDaysPerWeek: MetricChange;

  @Field(() => MetricChange)
  leadTime: MetricChange;

  @Field(() => MetricChange)
  changeFailureRate: MetricChange;

  @Field(() => MetricChange)
  timeToRestore: MetricChange;
}

@ObjectType({ description: 'DORA metrics of a service (or all) in an environment over a period, against the period before.' })
export class DoraMetrics {
  @Field(() => String, { nullable: true, description: 'null: every service.' })
  serviceName: string | null;

  @Field(() => DeploymentEnvironment)
  environment: DeploymentEnvironment;

  @Field(() => DoraGranularity)
  granularity: DoraGranularity;

  @Field(() => DoraSnapshot, { description: 'The whole period.' })
  summary: DoraSnapshot;

  @Field(() => DoraSnapshot, { description: 'The period of the same length just before.' })
  previous: DoraSnapshot;

  @Field(() => DoraChange, { description: 'summary against previous.' })
  change: DoraChange;

  @Field(() => [DoraSnapshot], { description: 'The period cut into days, weeks or months, oldest first.' })
  series: DoraSnapshot[];
}
