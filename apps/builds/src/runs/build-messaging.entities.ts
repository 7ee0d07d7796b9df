import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the builds domain, waiting for the relay. */
@Entity({ schema: 'builds', name: 'outbox' })
@Index('builds_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('builds_outbox_unconfirmed', ['nextCheckAt'], { where: '"published_at" IS NOT NULL AND "confirmed_at" IS NULL' })
export class BuildOutboxEntity extends OutboxRecord {}

/** Deliveries and events the builds domain has already applied. */
@Entity({ schema: 'builds', name: 'processed_messages' })
export class BuildProcessedMessageEntity extends ProcessedMessageRecord {}

/** Jobs of the builds domain's queues that failed on their last attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'builds', name: 'dead_letters' })
@Index('builds_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class BuildDeadLetterEntity extends DeadLetterRecord {}
