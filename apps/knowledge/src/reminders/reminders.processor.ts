import { QueueRegistry, QueueWorkers, Queues, withTimeout } from '@companyos/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { RemindersService } from './reminders.service';

const SCHEDULER_ID = 'action-item-reminders';

/** Runs the overdue reminders as a repeatable job every ACTION_ITEM_REMINDER_INTERVAL_MS (when a webhook is configured). */
@Injectable()
export class RemindersProcessor implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly workers: QueueWorkers,
    private readonly queues: QueueRegistry,
    private readonly reminders: RemindersService,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  onModuleInit() {
    this.workers.consume(Queues.KnowledgeReminders, () => this.reminders.sendDue());
  }

  async onApplicationBootstrap() {
    if (!this.config.reminderWebhookUrl) return;
    const schedule = this.queues
      .get(Queues.KnowledgeReminders)
      .upsertJobScheduler(SCHEDULER_ID, { every: this.config.reminderIntervalMs }, { name: 'remind', opts: { removeOnComplete: true, removeOnFail: true } });
    try {
      await withTimeout(schedule, 5_000, 'Redis did not accept the reminder schedule within 5 s');
    } catch (error) {
      this.logger.warn(`${(error as Error).message}; reminders start once it does (next boot)`);
    }
  }
}
