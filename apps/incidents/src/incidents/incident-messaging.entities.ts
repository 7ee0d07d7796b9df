import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the incidents domain, waiting for the relay. */
@Entity({ schema: 'incidents', name: 'outbox' })
@Index('incidents_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('incidents_outbox_unconfirmed', ['nextCheckAt'], { where: '\"published_at\" IS NOT NULL AND \"confirmed_at\" IS NULL' })
export class IncidentOutboxEntity extends OutboxRecord {}

/** Deliveries and events the incidents domain has already applied. */
@Entity({ schema: 'incidents', name: 'processed_messages' })
export class IncidentProcessedMessageEntity extends ProcessedMessageRecord {}

/** Jobs of the incidents domain's queues that failed on their last attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'incidents', name: 'dead_letters' })
@Index('incidents_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class IncidentDeadLetterEntity extends DeadLetterRecord {}
