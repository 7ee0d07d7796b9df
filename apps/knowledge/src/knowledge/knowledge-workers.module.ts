import { Module } from '@nestjs/common';
import { IncidentEventsProcessor } from '../incidents/incident-events.processor';
import { KnowledgeModule } from './knowledge.module';

/** The knowledge app's workers, loaded in the worker role. */
@Module({
  imports: [KnowledgeModule],
  providers: [IncidentEventsProcessor],
})
export class KnowledgeWorkersModule {}
