import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ActionItemPriority, ActionItemStatus } from './action-item.enums';

/** Something a postmortem says will be done, tracked until it is. */
@Entity({ schema: 'knowledge', name: 'action_items' })
@Index('knowledge_action_items_open_due', ['dueDate'], { where: `"status" IN ('OPEN', 'IN_PROGRESS')` })
export class ActionItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Index()
  @Column({ type: 'uuid' })
  postmortemId: string;

  /** The postmortem's incident, kept here for the `incidentId` filter. */
  @Index()
  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'text' })
  description: string;

  @Index()
  @Column({ type: 'text', nullable: true })
  owner: string | null;

  /** A calendar day (YYYY-MM-DD) in ACTION_ITEM_TIME_ZONE. */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'enum', enum: ActionItemPriority, enumName: 'action_item_priority', default: ActionItemPriority.P3 })
  priority: ActionItemPriority;

  @Column({ type: 'enum', enum: ActionItemStatus, enumName: 'action_item_status', default: ActionItemStatus.OPEN })
  status: ActionItemStatus;

  /** Why it is NOT_DOING (required then) or CANCELLED. */
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ type: 'text', nullable: true })
  ticketUrl: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
