import { DeadLetterRecord } from '@companyos/platform';
import { Entity, Index } from 'typeorm';

/** Audit records the access app could not store after every attempt, kept until replayed (`npm run dead-letters`). */
@Entity({ schema: 'access', name: 'dead_letters' })
@Index('access_dead_letters_queue_job', ['queue', 'jobId'], { unique: true })
export class AccessDeadLetterEntity extends DeadLetterRecord {}
