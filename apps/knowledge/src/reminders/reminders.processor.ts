import { QueueRegistry, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { RemindersService } from './reminders.service';

const SCHEDULER_ID = 'action-item-reminders';

/** Runs the overdue reminders as a repeatable job every ACTION_ITEM_REMINDER_INTERVAL_MS (when a webhook is configured). */
@Injectable()
export class RemindersProcessor implements OnModuleInit, OnApplicationBootstrap {
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
    await this.queues.keepScheduled(Queues.KnowledgeReminders, SCHEDULER_ID, this.config.reminderIntervalMs, 'remind');
  }
}
