import { DeadLetterRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Domain events the gateway could not add to its live event log after every attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'ingest', name: 'dead_letters' })
@Index('ingest_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class GatewayDeadLetterEntity extends DeadLetterRecord {}
