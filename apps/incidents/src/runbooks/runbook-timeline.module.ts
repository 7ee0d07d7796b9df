import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { RunbookEventsProcessor } from './runbook-events.processor';
import { RunbookTimeline } from './runbook-timeline.service';

/** Runbook executions on incident timelines; loaded in the worker role. */
@Module({
  imports: [IncidentsModule],
  providers: [RunbookTimeline, RunbookEventsProcessor],
  exports: [RunbookTimeline],
})
export class RunbookTimelineModule {}
