import { IncidentAlertEntity } from './alerts/incident-alert.entity';
import { IncidentDeadLetterEntity, IncidentOutboxEntity, IncidentProcessedMessageEntity } from './incidents/incident-messaging.entities';
import { IncidentEntity } from './incidents/incident.entity';
import { TimelineEntryEntity } from './incidents/timeline-entry.entity';

/** Every table of the `incidents` schema. */
export const INCIDENTS_ENTITIES = [
  IncidentEntity,
  TimelineEntryEntity,
  IncidentOutboxEntity,
  IncidentProcessedMessageEntity,
  IncidentDeadLetterEntity,
  IncidentAlertEntity,
];
