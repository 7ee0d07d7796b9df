import {
  AlertEvents,
  AlertLinkedToIncident,
  DeploymentEvents,
  IncidentAlertAttached,
  IncidentAlertEvents,
  IncidentAttributionPayload,
  RunbookEvents,
  RunbookExecutionEventPayload,
} from '@companyos/contracts';
import type { DomainEvent } from '@companyos/platform';
import type { IncidentFactKind } from './incident-fact.entity';

/** The events of other domains that tell something about an incident's postmortem. */
export const INCIDENT_FACT_EVENTS: readonly string[] = [
  IncidentAlertEvents.AlertAttached,
  AlertEvents.LinkedToIncident,
  RunbookEvents.ExecutionStarted,
  RunbookEvents.ExecutionFinished,
  DeploymentEvents.IncidentAttributed,
];

export interface IncidentFact {
  incidentId: string;
  kind: IncidentFactKind;
  key: string;
  at: Date;
  detail: Record<string, unknown>;
}

/** The fact an event states about an incident, or null (an execution of no incident, another event). */
export function factOf(event: DomainEvent): IncidentFact | null {
  const at = new Date(event.occurredAt);
  switch (event.type) {
    case IncidentAlertEvents.AlertAttached:
    case AlertEvents.LinkedToIncident: {
      const alert = event.payload as IncidentAlertAttached & Partial<AlertLinkedToIncident>;
      return { incidentId: alert.incidentId, kind: 'ALERT', key: alert.alertId, at, detail: { alertName: alert.alertName ?? null } };
    }
    case RunbookEvents.ExecutionStarted:
    case RunbookEvents.ExecutionFinished: {
      const run = event.payload as RunbookExecutionEventPayload;
      if (!run.incidentId) return null;
      return {
        incidentId: run.incidentId,
        kind: 'RUNBOOK_EXECUTION',
        key: run.executionId,
        at: new Date(run.startedAt),
        detail: {
          title: run.runbookTitle,
          version: run.runbookVersion,
          triggeredBy: run.triggeredBy,
          status: run.status,
          stepsCompleted: run.stepsCompleted,
          stepsTotal: run.stepsTotal,
          finishedAt: run.finishedAt,
          finishedBy: run.actor,
        },
      };
    }
    case DeploymentEvents.IncidentAttributed: {
      const cause = event.payload as IncidentAttributionPayload;
      return {
        incidentId: cause.incidentId,
        kind: 'CAUSE',
        key: 'cause',
        at: new Date(cause.attributedAt),
        detail: { deployment: cause.deployment, attribution: cause.attribution, linkedBy: cause.linkedBy },
      };
    }
    default:
      return null;
  }
}

/** What a draft says of the incident's alerts, runbook executions and cause. */
export interface DraftFacts {
  /** Timeline entries, in time order. */
  timeline: { at: string; kind: string; description: string }[];
  /** The alerts' names, for detection ("detected by …"). */
  alertNames: string[];
  /** The trigger: the causing deployment, worded; null when none is attributed. */
  trigger: string | null;
}

export function draftFacts(facts: readonly IncidentFact[]): DraftFacts {
  const timeline: DraftFacts['timeline'] = [];
  const alertNames: string[] = [];
  let trigger: string | null = null;
  for (const fact of [...facts].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const d = fact.detail;
    if (fact.kind === 'ALERT') {
      const name = (d.alertName as string | null) ?? `alert ${fact.key}`;
      if (!alertNames.includes(name)) alertNames.push(name);
      timeline.push({ at: fact.at.toISOString(), kind: 'ALERT', description: `alert ${name} attached` });
    } else if (fact.kind === 'RUNBOOK_EXECUTION') {
      timeline.push({ at: fact.at.toISOString(), kind: 'RUNBOOK_STARTED', description: `runbook "${d.title}" (v${d.version}) started by ${d.triggeredBy}` });
      if (d.finishedAt) {
        const steps = `${d.stepsCompleted}/${d.stepsTotal} steps`;
        timeline.push({ at: new Date(d.finishedAt as string).toISOString(), kind: 'RUNBOOK_FINISHED', description: `runbook "${d.title}" ${String(d.status).toLowerCase()} (${steps})${d.finishedBy ? ` by ${d.finishedBy}` : ''}` });
      }
    } else if (fact.kind === 'CAUSE') {
      const deployment = d.deployment as IncidentAttributionPayload['deployment'];
      trigger = deployment
        ? `Deployment of ${deployment.serviceName} ${deployment.version}${deployment.commitSha ? ` (${deployment.commitSha.slice(0, 12)})` : ''} to ${deployment.environment}` +
          `${deployment.finishedAt ? `, finished ${deployment.finishedAt}` : ''} — ${d.attribution === 'MANUAL' ? `linked by ${d.linkedBy ?? 'a person'}` : 'attributed automatically (the last production deployment of an affected service before it started)'}.`
        : null;
    }
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return { timeline, alertNames, trigger };
}
