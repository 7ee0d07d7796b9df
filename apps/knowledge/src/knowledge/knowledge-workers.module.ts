import { Module } from '@nestjs/common';
import { IncidentEventsProcessor } from '../incidents/incident-events.processor';
import { GithubMilestonesProcessor } from '../roadmap/github-milestones.processor';
import { GithubMilestones } from '../roadmap/github-milestones.service';
import { ReminderWebhookClient } from '../reminders/reminder-webhook.client';
import { RemindersProcessor } from '../reminders/reminders.processor';
import { RemindersService } from '../reminders/reminders.service';
import { KnowledgeModule } from './knowledge.module';

/** The knowledge app's workers, loaded in the worker role. */
@Module({
  imports: [KnowledgeModule],
  providers: [IncidentEventsProcessor, GithubMilestones, GithubMilestonesProcessor, ReminderWebhookClient, RemindersService, RemindersProcessor],
})
export class KnowledgeWorkersModule {}
