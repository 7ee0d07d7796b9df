import { Module } from '@nestjs/common';
import { IncidentEventsProcessor } from '../incidents/incident-events.processor';
import { ReminderWebhookClient } from '../reminders/reminder-webhook.client';
import { RemindersProcessor } from '../reminders/reminders.processor';
import { RemindersService } from '../reminders/reminders.service';
import { KnowledgeModule } from './knowledge.module';

/** The knowledge app's workers, loaded in the worker role. */
@Module({
  imports: [KnowledgeModule],
  providers: [IncidentEventsProcessor, ReminderWebhookClient, RemindersService, RemindersProcessor],
})
export class KnowledgeWorkersModule {}
