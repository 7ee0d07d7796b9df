import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum Granularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(Granularity, { name: 'Granularity' });

@ObjectType({ description: 'Pipeline figures over one period (runs that completed in it).' })
export class PipelinePeriod {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => Int, { description: 'Completed runs.' })
  runs: number;

  @Field(() => Float, { nullable: true, description: 'success ÷ finished runs, cancelled and skipped left out.' })
  successRate: number | null;

  @Field(() => Float, { nullable: true })
  durationP50Seconds: number | null;

  @Field(() => Float, { nullable: true })
  durationP95Seconds: number | null;

  @Field(() => Float, { nullable: true, description: 'Started − created.' })
  queueP50Seconds: number | null;

  @Field(() => Float, { nullable: true })
  queueP95Seconds: number | null;

  @Field(() => Float, { nullable: true, description: "Mean time from a failed run's end to the next green run's end on the same branch." })
  mttrSeconds: number | null;
}

@ObjectType({ description: 'This period minus the previous one (null where either is unknown).' })
export class PipelineChange {
  @Field(() => Int)
  runs: number;

  @Field(() => Float, { nullable: true })
  successRate: number | null;

  @Field(() => Float, { nullable: true })
  durationP50Seconds: number | null;

  @Field(() => Float, { nullable: true })
  queueP50Seconds: number | null;

  @Field(() => Float, { nullable: true })
  mttrSeconds: number | null;
}

@ObjectType()
export class PipelineStats {
  @Field(() => String)
  repository: string;

  @Field(() => String, { nullable: true })
  workflow: string | null;

  @Field(() => String, { nullable: true })
  branch: string | null;

  @Field(() => PipelinePeriod, { description: 'from–to.' })
  current: PipelinePeriod;

  @Field(() => PipelinePeriod, { description: 'The period of the same length just before.' })
  previous: PipelinePeriod;

  @Field(() => PipelineChange)
  change: PipelineChange;

  @Field(() => [PipelinePeriod], { description: 'from–to by day or week (UTC).' })
  series: PipelinePeriod[];
}

@ObjectType({ description: "A job (matrix legs grouped) ranked by its time on runs' critical paths." })
export class JobBottleneck {
  @Field(() => String)
  name: string;

  @Field(() => Int, { description: 'Runs in which it was on the critical path.' })
  runs: number;

  @Field(() => Float, { description: 'Its exclusive time on the critical paths, summed over the runs.' })
  criticalPathSeconds: number;

  @Field(() => Float)
  averageExclusiveSeconds: number;
}

@ObjectType({ description: 'A step, by job and name, ranked by its mean duration.' })
export class StepBottleneck {
  @Field(() => String)
  job: string;

  @Field(() => String)
  step: string;

  @Field(() => Int)
  runs: number;

  @Field(() => Float)
  averageSeconds: number;

  @Field(() => Float)
  p95Seconds: number;
}

@ObjectType()
export class Bottlenecks {
  @Field(() => Int, { description: 'Completed runs looked at (the latest 2,000 of the window at most).' })
  runs: number;

  @Field(() => [JobBottleneck])
  jobs: JobBottleneck[];

  @Field(() => [StepBottleneck])
  slowestSteps: StepBottleneck[];
}

@ObjectType({ description: 'Build health of the repository named like the service, over the last 30 days.' })
export class BuildHealth {
  @Field(() => Int)
  runs: number;

  @Field(() => Float, { nullable: true })
  successRate: number | null;

  @Field(() => Float, { nullable: true })
  durationP50Seconds: number | null;

  @Field(() => Int, { description: 'Tests FLAKY on the radar over the last 14 days.' })
  flakyTests: number;
}
