import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A reminder sent about an overdue action item: at most one per item per day (in ACTION_ITEM_TIME_ZONE). */
@Entity({ schema: 'knowledge', name: 'action_item_reminders' })
export class ActionItemReminderEntity {
  @PrimaryColumn({ type: 'uuid' })
  actionItemId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt: Date;
}
