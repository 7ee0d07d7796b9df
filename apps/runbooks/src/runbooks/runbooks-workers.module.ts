import { Module } from '@nestjs/common';
import { DeploymentEventsProcessor } from '../deployments/deployment-events.processor';
import { EscalationProcessors } from '../escalations/escalation.processors';
import { RunbookSyncLoader } from './runbook-sync.loader';
import { RunbooksModule } from './runbooks.module';

/** The runbooks app's workers, loaded in the worker role: the boot sync of RUNBOOKS_DIR, escalations and pages. */
@Module({
  imports: [RunbooksModule],
  providers: [RunbookSyncLoader, EscalationProcessors, DeploymentEventsProcessor],
})
export class RunbooksWorkersModule {}
