import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { AlertEventsProcessor } from './alert-events.processor';
import { AlertIncidents } from './alert-incidents.service';

/** Auto-incidents from alerts; loaded in the worker role. */
@Module({
  imports: [IncidentsModule],
  providers: [AlertIncidents, AlertEventsProcessor],
  exports: [AlertIncidents],
})
export class AlertIncidentsModule {}
