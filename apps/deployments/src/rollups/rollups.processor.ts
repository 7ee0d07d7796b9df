import { QueueRegistry, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { RollupsService } from './rollups.service';

const SCHEDULER_ID = 'rollups-refresh';

/**
 * Runs rollup refreshes: the one asked for after each change, and a
 * repeatable job every ROLLUP_REFRESH_INTERVAL_MS that catches up on days
 * marked dirty while Redis was away.
 */
@Injectable()
export class RollupsProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly queues: QueueRegistry,
    private readonly rollups: RollupsService,
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
  ) {}

  onModuleInit() {
    this.workers.consume(Queues.DeploymentsRollups, async () => {
      const days = await this.rollups.refresh();
      return { days };
    });
  }

  async onApplicationBootstrap() {
    await this.queues.keepScheduled(Queues.DeploymentsRollups, SCHEDULER_ID, this.config.rollupRefreshIntervalMs, 'refresh');
  }
}
