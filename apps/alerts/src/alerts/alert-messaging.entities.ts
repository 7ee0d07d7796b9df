import { OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Events of the alerts domain, waiting for the relay. */
@Entity({ schema: 'alerts', name: 'outbox' })
@Index('alerts_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
export class AlertOutboxEntity extends OutboxRecord {}

/** Deliveries and events the alerts domain has already applied. */
@Entity({ schema: 'alerts', name: 'processed_messages' })
export class AlertProcessedMessageEntity extends ProcessedMessageRecord {}
