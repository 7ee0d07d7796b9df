import { Injectable, Logger } from '@nestjs/common';
import { todayIn } from '../action-items/action-item.rules';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { ReminderWebhookClient } from './reminder-webhook.client';
import { groupReminders, OverdueItem } from './reminders.rules';

/** Items looked at per pass (the next pass takes the rest). */
const BATCH = 2_000;

/**
 * Overdue action item reminders: every open item past its due day (whatever
 * became of its incident, however long ago it resolved) is reminded at most
 * once per day, grouped per owner, as one webhook POST each.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly tx: KnowledgeTransactions,
    private readonly webhook: ReminderWebhookClient,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  /**
   * Sends today's reminders not sent yet. Each owner's items are claimed in
   * the reminders table and posted in one transaction: a failed POST rolls
   * the claim back (tried again on the next pass), a concurrent pass skips
   * rows already claimed. Returns how many owners and items were reminded.
   */
  async sendDue(now = new Date()): Promise<{ owners: number; items: number; failed: number }> {
    if (!this.webhook.enabled) return { owners: 0, items: 0, failed: 0 };
    const day = todayIn(this.config.actionItemTimeZone, now);
    const due = (await this.tx.dataSource.query(
      `SELECT a.id, a.description, a.owner, a.due_date::text AS "dueDate", a.priority, a.status, a.postmortem_id AS "postmortemId",
              a.incident_id AS "incidentId", a.ticket_url AS "ticketUrl"
         FROM knowledge.action_items a
        WHERE a.status IN ('OPEN', 'IN_PROGRESS') AND a.due_date < $1::date
          AND NOT EXISTS (SELECT 1 FROM knowledge.action_item_reminders r WHERE r.action_item_id = a.id AND r.day = $1::date)
        ORDER BY a.due_date, a.id
        LIMIT ${BATCH}`,
      [day],
    )) as OverdueItem[];
    let owners = 0;
    let items = 0;
    let failed = 0;
    for (const reminder of groupReminders(due, day)) {
      try {
        const sent = await this.tx.run(async ({ manager }) => {
          const claimed = (await manager.query(
            `INSERT INTO knowledge.action_item_reminders (action_item_id, day) SELECT unnest($1::uuid[]), $2::date
             ON CONFLICT DO NOTHING RETURNING action_item_id AS id`,
            [reminder.items.map((item) => item.id), day],
          )) as { id: string }[];
          const ids = new Set(claimed.map((row) => row.id));
          const fresh = reminder.items.filter((item) => ids.has(item.id));
          if (fresh.length) await this.webhook.send({ type: 'action_items.overdue', owner: reminder.owner, day, items: fresh });
          return fresh.length;
        });
        if (sent) {
          owners += 1;
          items += sent;
        }
      } catch (error) {
        failed += 1;
        this.logger.warn(`reminder to ${reminder.owner ?? '(no owner)'} failed: ${(error as Error).message}`);
      }
    }
    return { owners, items, failed };
  }
}
