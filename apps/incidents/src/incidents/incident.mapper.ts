import { Incident, TimelineEntry } from './incident.model';
import type { IncidentEntity } from './incident.entity';
import type { TimelineEntryEntity } from './timeline-entry.entity';

export const incidentReference = (number: number) => `INC-${number}`;

export const toIncident = (e: IncidentEntity): Incident => ({
  id: e.id,
  number: e.number,
  reference: incidentReference(e.number),
  title: e.title,
  severity: e.severity,
  status: e.status,
  commander: e.commander,
  affectedServices: e.affectedServices,
  customerImpact: e.customerImpact,
  impactDescription: e.impactDescription,
  source: e.source,
  githubIssueUrl: e.githubIssueUrl,
  githubIssueNumber: e.githubIssueNumber,
  githubRepository: e.githubRepository,
  startedAt: e.startedAt,
  acknowledgedAt: e.acknowledgedAt,
  resolvedAt: e.resolvedAt,
  resolution: e.resolution,
  updatedAt: e.updatedAt,
});

export const toTimelineEntry = (e: TimelineEntryEntity): TimelineEntry => ({
  kind: e.kind,
  actor: e.actor,
  message: e.message,
  changes: e.changes,
  at: e.at,
});
