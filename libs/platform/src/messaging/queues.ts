import { AlertEvents, AuditEvents, DeploymentEvents, INCIDENT_LIFECYCLE_EVENTS, IncidentAlertEvents, RunbookEvents } from '@companyos/contracts';
import type { JobsOptions } from 'bullmq';
import { FAILED_JOB_RETENTION_DAYS } from '../config/platform.config';

/** Every BullMQ queue of the platform, named `<consuming domain>.<what>`. */
export const Queues = {
  /** GitHub `issues` deliveries, consumed by the incidents app (and by knowledge, for milestones). */
  IncidentsGithub: 'incidents.github',
  /** Alert events (critical firing, links, resolutions), consumed by the incidents app. */
  IncidentsAlerts: 'incidents.alerts',
  /** Runbook execution events (started, finished), consumed by the incidents app for incident timelines. */
  IncidentsRunbooks: 'incidents.runbooks',
  /** Incident lifecycle events, consumed by the runbooks app (escalations start on SEV1/SEV2, stop on acknowledgement). */
  RunbooksIncidents: 'runbooks.incidents',
  /** Alert events (critical firing, resolutions), consumed by the runbooks app: a critical alert without an incident starts its service's escalation policy. */
  RunbooksAlerts: 'runbooks.alerts',
  /** Escalation levels due (delayed jobs with deterministic ids), consumed by the runbooks app. */
  RunbooksEscalations: 'runbooks.escalations',
  /** Pages to send (webhook, PagerDuty), retried with backoff apart from the escalation, consumed by the runbooks app. */
  RunbooksPages: 'runbooks.pages',
  /** Finished deployments (successful production ones make runbooks stale), consumed by the runbooks app. */
  RunbooksDeployments: 'runbooks.deployments',
  /** Alertmanager notifications, consumed by the alerts app. */
  AlertsAlertmanager: 'alerts.alertmanager',
  /** Incident events about alerts (an alert attached to an incident), consumed by the alerts app. */
  AlertsIncidents: 'alerts.incidents',
  /** GitHub `deployment`, `deployment_status` and `workflow_run` deliveries, consumed by the deployments app. */
  DeploymentsGithub: 'deployments.github',
  /** Incident lifecycle events (declared, updated, resolved, …), consumed by the deployments app for DORA. */
  DeploymentsIncidents: 'deployments.incidents',
  /** Rollup refreshes of the deployments app (its own queue: a repeatable job and one after each change). */
  DeploymentsRollups: 'deployments.rollups',
  /** GitHub `workflow_run` and `workflow_job` deliveries (every workflow), consumed by the builds app. */
  BuildsGithub: 'builds.github',
  /** Failure-model retraining of the builds app (its own queue: a repeatable job). */
  BuildsPredictions: 'builds.predictions',
  /** Incident lifecycle events, and other domains' events about incidents (alerts attached, runbook executions, causing deployment), consumed by the knowledge app (its incident records and postmortem drafts). */
  KnowledgeIncidents: 'knowledge.incidents',
  /** GitHub `milestone` and `issues` deliveries (a milestone's issue counts), consumed by the knowledge app for roadmap progress. */
  KnowledgeGithub: 'knowledge.github',
  /** Overdue action item reminders of the knowledge app (its own queue: a repeatable job). */
  KnowledgeReminders: 'knowledge.reminders',
  /** Audit records (every mutation and denied request) relayed from the gateway's outbox, stored by the access app. */
  AccessAudit: 'access.audit',
  /** Incident, alert and deployment events the gateway keeps in its live event log and streams at GET /api/companyos/events. */
  GatewayEvents: 'gateway.events',
} as const;
export type QueueName = (typeof Queues)[keyof typeof Queues];

/**
 * Which queues receive each domain event. A domain's outbox relay pushes an
 * event to every queue listed for its type (job id = event id, so a replay is
 * a no-op); events nobody subscribes to are marked published and dropped.
 */
export const EVENT_SUBSCRIPTIONS: Readonly<Record<string, readonly QueueName[]>> = {
  [AlertEvents.CriticalFired]: [Queues.IncidentsAlerts, Queues.RunbooksAlerts, Queues.GatewayEvents],
  [AlertEvents.LinkedToIncident]: [Queues.IncidentsAlerts, Queues.KnowledgeIncidents],
  [AlertEvents.Resolved]: [Queues.IncidentsAlerts, Queues.RunbooksAlerts, Queues.GatewayEvents],
  // The knowledge app keeps an incident's alerts, runbook executions and cause for its postmortem draft.
  [IncidentAlertEvents.AlertAttached]: [Queues.AlertsIncidents, Queues.KnowledgeIncidents],
  [AuditEvents.Recorded]: [Queues.AccessAudit],
  [DeploymentEvents.Finished]: [Queues.RunbooksDeployments, Queues.GatewayEvents],
  [RunbookEvents.ExecutionStarted]: [Queues.IncidentsRunbooks, Queues.KnowledgeIncidents],
  [RunbookEvents.ExecutionFinished]: [Queues.IncidentsRunbooks, Queues.KnowledgeIncidents],
  [DeploymentEvents.IncidentAttributed]: [Queues.KnowledgeIncidents],
  [RunbookEvents.EscalationPage]: [Queues.IncidentsRunbooks],
  [RunbookEvents.EscalationLevelSkipped]: [Queues.IncidentsRunbooks],
  ...Object.fromEntries(INCIDENT_LIFECYCLE_EVENTS.map((type) => [type, [Queues.DeploymentsIncidents, Queues.RunbooksIncidents, Queues.KnowledgeIncidents, Queues.GatewayEvents]])),
};

/**
 * Retries with exponential backoff (1 s, 2 s, 4 s, … doubling): 15 attempts
 * (JOB_ATTEMPTS) span about 4.5 hours, so a job whose database or dependency
 * is away for a few hours is retried until it is back rather than failing for
 * good (8 attempts spanned only ~2 minutes); after the last one it becomes a
 * dead letter. Completed jobs are kept a day so relays can confirm them.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 15,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: FAILED_JOB_RETENTION_DAYS * 24 * 3600 },
};
