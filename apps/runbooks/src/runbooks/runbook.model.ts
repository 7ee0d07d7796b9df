import { ConnectionType } from '@companyos/platform';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One step of a runbook, as its YAML file lists it.' })
export class RunbookStepModel {
  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: 'A command to run.' })
  command: string | null;

  @Field(() => String, { nullable: true })
  link: string | null;

  @Field(() => Boolean)
  optional: boolean;
}

@ObjectType({ description: 'How a runbook has fared: finished executions, the share that COMPLETED, the median duration of those.' })
export class RunbookStats {
  @Field(() => Int, { description: 'Every execution, finished or not.' })
  executions: number;

  @Field(() => Float, { nullable: true, description: 'COMPLETED ÷ finished executions (0–1); null before the first finishes.' })
  successRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Median seconds from start to finish of COMPLETED executions.' })
  medianDurationSeconds: number | null;

  @Field(() => Date, { nullable: true })
  lastRunAt: Date | null;
}

@ObjectType({ description: 'A runbook of the catalog, synced from its YAML file in RUNBOOKS_DIR (or a posted YAML document).' })
export class Runbook {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'Its file path under RUNBOOKS_DIR (its identity across syncs).' })
  path: string;

  @Field(() => Int, { description: 'Starts at 1; each sync that changes it adds 1.' })
  version: number;

  @Field(() => String)
  title: string;

  @Field(() => String)
  category: string;

  @Field(() => Int, { nullable: true, description: 'From `estimatedDuration` (15m, 1h30m).' })
  estimatedDurationSeconds: number | null;

  @Field(() => [String])
  services: string[];

  @Field(() => [String], { description: 'Alert names it handles.' })
  alerts: string[];

  @Field(() => String, { nullable: true })
  owner: string | null;

  @Field(() => [String])
  tags: string[];

  @Field(() => String, { nullable: true, description: "The URL an alert's runbook_url annotation names it by." })
  url: string | null;

  @Field(() => [RunbookStepModel])
  steps: RunbookStepModel[];

  @Field(() => Boolean, { description: 'Its file is gone: kept with its history, hidden from suggestions, not executable.' })
  retired: boolean;

  @Field(() => Date, { nullable: true })
  retiredAt: Date | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

export const RunbookConnection = ConnectionType(Runbook, 'Runbook');

@ObjectType({ description: 'A file (or posted document) the sync could not read; the rest of the sync went on.' })
export class RunbookSyncError {
  @Field(() => String)
  file: string;

  @Field(() => Int, { nullable: true, description: '1-based line of the problem, when it has one.' })
  line: number | null;

  @Field(() => String)
  message: string;
}

@ObjectType()
export class RunbookSyncResult {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  retired: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => [RunbookSyncError])
  errors: RunbookSyncError[];
}
