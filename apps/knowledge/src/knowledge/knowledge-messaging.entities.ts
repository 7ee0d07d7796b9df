import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the knowledge domain, waiting for the relay. */
@Entity({ schema: 'knowledge', name: 'outbox' })
@Index('knowledge_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('knowledge_outbox_unconfirmed', ['nextCheckAt'], { where: '"published_at" IS NOT NULL AND "confirmed_at" IS NULL' })
export class KnowledgeOutboxEntity extends OutboxRecord {}

/** Events the knowledge domain has already applied. */
@Entity({ schema: 'knowledge', name: 'processed_messages' })
export class KnowledgeProcessedMessageEntity extends ProcessedMessageRecord {}

/** Jobs of the knowledge domain's queues that failed on their last attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'knowledge', name: 'dead_letters' })
@Index('knowledge_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class KnowledgeDeadLetterEntity extends DeadLetterRecord {}
