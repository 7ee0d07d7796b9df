/** Events of the runbooks domain (published through its outbox; job id = event id). */
export const RunbookEvents = {
  ExecutionStarted: 'runbook.execution_started',
  ExecutionFinished: 'runbook.execution_finished',
} as const;

/** An execution started or finished; consumers (the incident timeline) key on executionId + type. */
export interface RunbookExecutionEventPayload extends Record<string, unknown> {
  executionId: string;
  runbookId: string;
  runbookTitle: string;
  runbookVersion: number;
  incidentId: string | null;
  triggeredBy: string;
  triggerSource: string;
  /** IN_PROGRESS when started; COMPLETED, ABORTED or FAILED when finished. */
  status: string;
  stepsCompleted: number;
  stepsTotal: number;
  startedAt: string;
  finishedAt: string | null;
  /** Who finished it (the caller of the final update); null when started. */
  actor: string | null;
}
