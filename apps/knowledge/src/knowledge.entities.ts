import { ActionItemEntity } from './action-items/action-item.entity';
import { AdrEntity } from './adrs/adr.entity';
import { CustomerRequestEntity, CustomerRequestRoadmapItemEntity, CustomerRequestVoteEntity } from './customer-requests/customer-request.entity';
import { IncidentFactEntity } from './incidents/incident-fact.entity';
import { IncidentRecordEntity } from './incidents/incident-record.entity';
import { KnowledgeDeadLetterEntity, KnowledgeOutboxEntity, KnowledgeProcessedMessageEntity } from './knowledge/knowledge-messaging.entities';
import { PostmortemEntity } from './postmortems/postmortem.entity';
import { ActionItemReminderEntity } from './reminders/action-item-reminder.entity';
import { RoadmapItemAdrEntity, RoadmapItemEntity } from './roadmap/roadmap-item.entity';

/** Every table of the `knowledge` schema. */
export const KNOWLEDGE_ENTITIES = [
  KnowledgeOutboxEntity,
  KnowledgeProcessedMessageEntity,
  KnowledgeDeadLetterEntity,
  IncidentRecordEntity,
  IncidentFactEntity,
  PostmortemEntity,
  ActionItemEntity,
  AdrEntity,
  RoadmapItemEntity,
  RoadmapItemAdrEntity,
  CustomerRequestEntity,
  CustomerRequestVoteEntity,
  CustomerRequestRoadmapItemEntity,
  ActionItemReminderEntity,
];
