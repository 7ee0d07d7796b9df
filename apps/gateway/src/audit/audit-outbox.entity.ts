import { OutboxRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Audit records the gateway wrote, waiting for the relay to hand them to the access app. */
@Entity({ schema: 'ingest', name: 'outbox' })
@Index('ingest_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('ingest_outbox_unconfirmed', ['nextCheckAt'], { where: '"published_at" IS NOT NULL AND "confirmed_at" IS NULL' })
export class AuditOutboxEntity extends OutboxRecord {}
