import { OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the runbooks domain, waiting for the relay. */
@Entity({ schema: 'runbooks', name: 'outbox' })
@Index('runbooks_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
export class RunbookOutboxEntity extends OutboxRecord {}

/** Deliveries and events the runbooks domain has already applied. */
@Entity({ schema: 'runbooks', name: 'processed_messages' })
export class RunbookProcessedMessageEntity extends ProcessedMessageRecord {}
