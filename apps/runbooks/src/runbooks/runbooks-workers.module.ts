import { Module } from '@nestjs/common';
import { RunbookSyncLoader } from './runbook-sync.loader';
import { RunbooksModule } from './runbooks.module';

/** The runbooks app's workers, loaded in the worker role: the boot sync of RUNBOOKS_DIR. */
@Module({
  imports: [RunbooksModule],
  providers: [RunbookSyncLoader],
})
export class RunbooksWorkersModule {}
