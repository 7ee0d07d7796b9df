import { QueueRegistry, QueueWorkers, Queues, withTimeout } from '@companyos/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
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
  private readonly logger = new Logger(RollupsProcessor.name);

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
    const schedule = this.queues
      .get(Queues.DeploymentsRollups)
      .upsertJobScheduler(SCHEDULER_ID, { every: this.config.rollupRefreshIntervalMs }, { name: 'refresh', opts: { removeOnComplete: true, removeOnFail: true } });
    try {
      await withTimeout(schedule, 5_000, 'Redis did not accept the rollup refresh schedule within 5 s');
    } catch (error) {
      this.logger.warn(`${(error as Error).message}; refreshes still run after each change`);
    }
  }
}
