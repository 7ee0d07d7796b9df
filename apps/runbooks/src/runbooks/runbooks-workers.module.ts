import { Module } from '@nestjs/common';
import { DeploymentEventsProcessor } from '../deployments/deployment-events.processor';
import { EscalationProcessors } from '../escalations/escalation.processors';
import { EscalationRedrive } from '../escalations/escalation-redrive';
import { RunbookSyncLoader } from './runbook-sync.loader';
import { RunbooksModule } from './runbooks.module';

/** The runbooks app's workers, loaded in the worker role: the boot sync of RUNBOOKS_DIR, escalations and pages, and their re-drive when Redis loses jobs. */
@Module({
  imports: [RunbooksModule],
  providers: [RunbookSyncLoader, EscalationProcessors, EscalationRedrive, DeploymentEventsProcessor],
})
export class RunbooksWorkersModule {}
