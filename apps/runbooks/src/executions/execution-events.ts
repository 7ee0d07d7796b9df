import { RunbookEvents, RunbookExecutionEventPayload } from '@companyos/contracts';
import { domainEvent, DomainEvent } from '@companyos/platform';
import type { ExecutionEntity } from './execution.entity';

const payloadOf = (execution: ExecutionEntity, actor: string | null): RunbookExecutionEventPayload => ({
  executionId: execution.id,
  runbookId: execution.runbookId,
  runbookTitle: execution.snapshot.title,
  runbookVersion: execution.snapshot.version,
  incidentId: execution.incidentId,
  triggeredBy: execution.triggeredBy,
  triggerSource: execution.triggerSource,
  status: execution.status,
  stepsCompleted: execution.stepsCompleted,
  stepsTotal: execution.stepsTotal,
  startedAt: execution.startedAt.toISOString(),
  finishedAt: execution.finishedAt?.toISOString() ?? null,
  actor,
});

export const executionStarted = (execution: ExecutionEntity): DomainEvent<RunbookExecutionEventPayload> =>
  domainEvent(RunbookEvents.ExecutionStarted, execution.id, payloadOf(execution, null));

export const executionFinished = (execution: ExecutionEntity, actor: string): DomainEvent<RunbookExecutionEventPayload> =>
  domainEvent(RunbookEvents.ExecutionFinished, execution.id, payloadOf(execution, actor));
