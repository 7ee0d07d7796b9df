import { registerEnumType } from '@nestjs/graphql';

export enum IncidentSeverity {
  SEV1 = 'SEV1',
  SEV2 = 'SEV2',
  SEV3 = 'SEV3',
  SEV4 = 'SEV4',
}

/** In lifecycle order: OPEN → INVESTIGATING → IDENTIFIED → MONITORING → RESOLVED. */
export enum IncidentStatus {
  OPEN = 'OPEN',
  INVESTIGATING = 'INVESTIGATING',
  IDENTIFIED = 'IDENTIFIED',
  MONITORING = 'MONITORING',
  RESOLVED = 'RESOLVED',
}

export enum IncidentSource {
  MANUAL = 'MANUAL',
  GITHUB = 'GITHUB',
  ALERT = 'ALERT',
}

export enum TimelineEntryKind {
  DECLARED = 'DECLARED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  SEVERITY_CHANGED = 'SEVERITY_CHANGED',
  COMMANDER_ASSIGNED = 'COMMANDER_ASSIGNED',
  UPDATED = 'UPDATED',
  NOTE = 'NOTE',
  RESOLVED = 'RESOLVED',
  REOPENED = 'REOPENED',
  ALERT_ATTACHED = 'ALERT_ATTACHED',
  ALERTS_RESOLVED = 'ALERTS_RESOLVED',
}

registerEnumType(IncidentSeverity, { name: 'IncidentSeverity', description: 'SEV1 is the most severe.' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(IncidentSource, { name: 'IncidentSource', description: 'Where the incident was declared.' });
registerEnumType(TimelineEntryKind, { name: 'TimelineEntryKind' });
