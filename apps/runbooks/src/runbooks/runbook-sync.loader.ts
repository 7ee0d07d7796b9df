import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { RunbookSyncService } from './runbook-sync.service';

/** Syncs RUNBOOKS_DIR at boot when RUNBOOKS_SYNC_ON_BOOT=true (worker role); file errors are logged, never fatal. */
@Injectable()
export class RunbookSyncLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(RunbookSyncLoader.name);

  constructor(
    @InjectRunbooksConfig() private readonly config: RunbooksConfig,
    private readonly sync: RunbookSyncService,
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.syncOnBoot) return;
    const result = await this.sync.syncDirectory();
    for (const error of result.errors) this.logger.warn(`${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}`);
  }
}
