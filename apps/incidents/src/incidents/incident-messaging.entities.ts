import { OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the incidents domain, waiting for the relay. */
@Entity({ schema: 'incidents', name: 'outbox' })
@Index('incidents_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
export class IncidentOutboxEntity extends OutboxRecord {}

/** Deliveries and events the incidents domain has already applied. */
@Entity({ schema: 'incidents', name: 'processed_messages' })
export class IncidentProcessedMessageEntity extends ProcessedMessageRecord {}
