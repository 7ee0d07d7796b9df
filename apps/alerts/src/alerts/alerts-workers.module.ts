import { Module } from '@nestjs/common';
import { IncidentLinksProcessor } from '../incidents/incident-links.processor';
import { AlertmanagerIngest } from './alertmanager/alertmanager-ingest.service';
import { AlertmanagerProcessor } from './alertmanager/alertmanager.processor';
import { AlertsModule } from './alerts.module';

/** The alerts app's workers, loaded in the worker role. */
@Module({
  imports: [AlertsModule],
  providers: [AlertmanagerIngest, AlertmanagerProcessor, IncidentLinksProcessor],
  exports: [AlertmanagerIngest],
})
export class AlertsWorkersModule {}
