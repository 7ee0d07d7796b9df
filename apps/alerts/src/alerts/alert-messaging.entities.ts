import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the alerts domain, waiting for the relay. */
@Entity({ schema: 'alerts', name: 'outbox' })
@Index('alerts_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('alerts_outbox_unconfirmed', ['nextCheckAt'], { where: '\"published_at\" IS NOT NULL AND \"confirmed_at\" IS NULL' })
export class AlertOutboxEntity extends OutboxRecord {}

/** Deliveries and events the alerts domain has already applied. */
@Entity({ schema: 'alerts', name: 'processed_messages' })
export class AlertProcessedMessageEntity extends ProcessedMessageRecord {}

/** Jobs of the alerts domain's queues that failed on their last attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'alerts', name: 'dead_letters' })
@Index('alerts_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class AlertDeadLetterEntity extends DeadLetterRecord {}
