import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { ExecutionStatus, TriggerSource } from '../execution.enums';

@InputType()
export class StartRunbookExecutionInput {
  @Field(() => ID)
  @IsUUID(undefined, { message: 'runbookId must be a runbook id (a UUID)' })
  runbookId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID(undefined, { message: 'incidentId must be an incident id (a UUID)' })
  incidentId?: string;

  @Field(() => String, { nullable: true, description: 'Who runs it (default: the caller).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  triggeredBy?: string;

  @Field(() => TriggerSource, { nullable: true, defaultValue: TriggerSource.MANUAL })
  @IsOptional()
  @IsEnum(TriggerSource, { message: 'triggerSource must be one of incident, alert, manual' })
  triggerSource?: TriggerSource;

  @Field(() => ID, { nullable: true, description: 'The alert it answers (an alert id of the alerts subgraph).' })
  @IsOptional()
  @IsUUID(undefined, { message: 'alertId must be an alert id (a UUID)' })
  alertId?: string;

  @Field(() => String, { nullable: true, description: 'The alert name it answers: success on the same alert name ranks suggestions.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  alertName?: string;

  @Field(() => String, { nullable: true, description: "The service it runs for (default: the runbook's services)." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  service?: string;
}

@InputType()
export class UpdateRunbookExecutionInput {
  @Field(() => Int, { nullable: true, description: 'Steps done so far; never goes back, never past stepsTotal.' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'stepsCompleted must not be negative' })
  stepsCompleted?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'stepsTotal must be at least 1' })
  stepsTotal?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  currentStep?: string;

  @Field(() => ExecutionStatus, { nullable: true, description: 'COMPLETED, ABORTED or FAILED finish it; nothing changes it after that.' })
  @IsOptional()
  @IsEnum(ExecutionStatus, { message: 'status must be one of in_progress, completed, aborted, failed' })
  status?: ExecutionStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;
}

@InputType()
export class RunbookExecutionsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  runbookId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @Field(() => [ExecutionStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(ExecutionStatus, { each: true })
  status?: ExecutionStatus[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  triggeredBy?: string;
}
