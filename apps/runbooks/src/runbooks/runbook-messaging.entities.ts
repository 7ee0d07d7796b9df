import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the runbooks domain, waiting for the relay. */
@Entity({ schema: 'runbooks', name: 'outbox' })
@Index('runbooks_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('runbooks_outbox_unconfirmed', ['nextCheckAt'], { where: '"published_at" IS NOT NULL AND "confirmed_at" IS NULL' })
export class RunbookOutboxEntity extends OutboxRecord {}

/** Deliveries and events the runbooks domain has already applied. */
@Entity({ schema: 'runbooks', name: 'processed_messages' })
export class RunbookProcessedMessageEntity extends ProcessedMessageRecord {}

/** Jobs of the runbooks domain's queues that failed on their last attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'runbooks', name: 'dead_letters' })
@Index('runbooks_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class RunbookDeadLetterEntity extends DeadLetterRecord {}
