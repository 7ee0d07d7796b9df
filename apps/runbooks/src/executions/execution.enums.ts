import { registerEnumType } from '@nestjs/graphql';

export enum ExecutionStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  ABORTED = 'ABORTED',
  FAILED = 'FAILED',
}

export enum TriggerSource {
  INCIDENT = 'INCIDENT',
  ALERT = 'ALERT',
  MANUAL = 'MANUAL',
}

export const FINISHED_STATUSES: readonly ExecutionStatus[] = [ExecutionStatus.COMPLETED, ExecutionStatus.ABORTED, ExecutionStatus.FAILED];

registerEnumType(ExecutionStatus, { name: 'RunbookExecutionStatus', description: 'IN_PROGRESS until it ends COMPLETED (a success), ABORTED or FAILED.' });
registerEnumType(TriggerSource, { name: 'RunbookTriggerSource', description: 'What started the execution.' });
