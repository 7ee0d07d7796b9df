import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CustomerRequestStatus, CustomerRequestType } from './customer-request.enums';

/** A customer's request for a demo or a feature. */
@Entity({ schema: 'knowledge', name: 'customer_requests' })
export class CustomerRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Column({ type: 'enum', enum: CustomerRequestType, enumName: 'customer_request_type' })
  type: CustomerRequestType;

  @Index()
  @Column({ type: 'text' })
  customer: string;

  @Column({ type: 'text' })
  requester: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: CustomerRequestStatus, enumName: 'customer_request_status', default: CustomerRequestStatus.OPEN })
  status: CustomerRequestStatus;

  /** How many distinct people asked for it (the requester counts as the first). */
  @Column({ type: 'integer', default: 1 })
  votes: number;

  /** When the customer wants it (a demo's date, a feature's deadline). */
  @Column({ type: 'date', nullable: true })
  requestedFor: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Who voted for a request: one vote per person. */
@Entity({ schema: 'knowledge', name: 'customer_request_votes' })
export class CustomerRequestVoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  customerRequestId: string;

  @PrimaryColumn({ type: 'text' })
  voter: string;

  @CreateDateColumn({ type: 'timestamptz' })
  votedAt: Date;
}

/** The roadmap items a request is planned in (the demand behind an epic). */
@Entity({ schema: 'knowledge', name: 'customer_request_roadmap_items' })
export class CustomerRequestRoadmapItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  customerRequestId: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  roadmapItemId: string;
}
