/** Events of the runbooks domain (published through its outbox; job id = event id). */
export const RunbookEvents = {
  ExecutionStarted: 'runbook.execution_started',
  ExecutionFinished: 'runbook.execution_finished',
  /** A page of an escalation was sent, or failed for good. */
  EscalationPage: 'escalation.page',
  /** An escalation level had nobody to page (nobody on call): the next level runs at once. */
  EscalationLevelSkipped: 'escalation.level_skipped',
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

/** A page of an escalation, or a level with nobody to page; recorded on the incident's timeline. */
export interface EscalationEventPayload extends Record<string, unknown> {
  escalationId: string;
  /** Null while the escalation belongs to an alert group without an incident (nothing on a timeline then). */
  incidentId: string | null;
  /** The Alertmanager group of an escalation started by a critical alert. */
  alertGroupKey?: string | null;
  /** `trigger` (a page), or a PagerDuty `acknowledge` / `resolve` follow-up; absent from events published before: `trigger`. */
  action?: string;
  policy: string;
  /** 1-based level, and the round (1 + repeats done). */
  level: number;
  round: number;
  /** The person paged (absent when the level was skipped). */
  target: string | null;
  /** `webhook` or `pagerduty`. */
  channel: string | null;
  /** `sent`, `failed` or `skipped`. */
  outcome: string;
  detail: string | null;
}
