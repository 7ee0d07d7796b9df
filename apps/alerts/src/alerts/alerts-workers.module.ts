import { Module } from '@nestjs/common';
import { IncidentLinksProcessor } from '../incidents/incident-links.processor';
import { AlertmanagerIngest } from './alertmanager/alertmanager-ingest.service';
import { AlertmanagerProcessor } from './alertmanager/alertmanager.processor';
import { AlertsModule } from './alerts.module';
import { AlertPartitionsService } from './partitions/alert-partitions.service';

/** The alerts app's workers, loaded in the worker role. */
@Module({
  imports: [AlertsModule],
  providers: [AlertmanagerIngest, AlertmanagerProcessor, IncidentLinksProcessor, AlertPartitionsService],
  exports: [AlertmanagerIngest],
})
export class AlertsWorkersModule {}
