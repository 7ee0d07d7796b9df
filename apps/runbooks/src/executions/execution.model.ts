import { ConnectionType } from '@companyos/platform';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { RunbookStepModel } from '../runbooks/runbook.model';
import { ExecutionStatus, TriggerSource } from './execution.enums';

@ObjectType({ description: 'The runbook as it was when the execution started.' })
export class RunbookSnapshotModel {
  @Field(() => String)
  title: string;

  @Field(() => Int)
  version: number;

  @Field(() => [RunbookStepModel])
  steps: RunbookStepModel[];
}

@ObjectType({ description: 'One run of a runbook, with its progress step by step.' })
export class RunbookExecution {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  runbookId: string;

  @Field(() => RunbookSnapshotModel)
  snapshot: RunbookSnapshotModel;

  @Field(() => ID, { nullable: true })
  incidentId: string | null;

  @Field(() => String)
  triggeredBy: string;

  @Field(() => TriggerSource)
  triggerSource: TriggerSource;

  @Field(() => ID, { nullable: true })
  alertId: string | null;

  @Field(() => String, { nullable: true })
  alertName: string | null;

  @Field(() => [String], { description: 'The services it ran for (the one given at start, else the runbook\'s).' })
  services: string[];

  @Field(() => ExecutionStatus)
  status: ExecutionStatus;

  @Field(() => Int)
  stepsCompleted: number;

  @Field(() => Int)
  stepsTotal: number;

  @Field(() => String, { nullable: true })
  currentStep: string | null;

  @Field(() => String, { nullable: true })
  notes: string | null;

  @Field(() => [Date], { description: 'When each completed step was reported done (element i: step i + 1).' })
  stepCompletedAt: Date[];

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;

  @Field(() => String, { nullable: true })
  finishedBy: string | null;
}

export const RunbookExecutionConnection = ConnectionType(RunbookExecution, 'RunbookExecution');
