import { DeadLetterRecord, OutboxRecord, ProcessedMessageRecord } from '@companyos/platform';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';

/** Events of the deployments domain, waiting for the relay. */
@Entity({ schema: 'deployments', name: 'outbox' })
@Index('deployments_outbox_unpublished', ['seq'], { where: '"published_at" IS NULL' })
@Index('deployments_outbox_unconfirmed', ['nextCheckAt'], { where: '\"published_at\" IS NOT NULL AND \"confirmed_at\" IS NULL' })
export class DeploymentOutboxEntity extends OutboxRecord {}

/** Deliveries and events the deployments domain has already applied. */
@Entity({ schema: 'deployments', name: 'processed_messages' })
export class DeploymentProcessedMessageEntity extends ProcessedMessageRecord {}

/** Jobs of the deployments domain's queues that failed on their last attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'deployments', name: 'dead_letters' })
@Index('deployments_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class DeploymentDeadLetterEntity extends DeadLetterRecord {}

/**
 * GitHub runs that turned out to deploy nothing (skipped, neutral): a late
 * `requested` for one of them must not make its record again.
 */
@Entity({ schema: 'deployments', name: 'discarded_github_keys' })
export class DiscardedGithubKeyEntity {
  @Column({ type: 'text', primary: true })
  externalKey: string;

  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  discardedAt: Date;
}
