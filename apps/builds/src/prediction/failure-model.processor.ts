import { QueueRegistry, QueueWorkers, Queues, withTimeout } from '@companyos/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { BuildsConfig, InjectBuildsConfig } from '../builds.config';
import { FailurePredictionService } from './failure-prediction.service';

const SCHEDULER_ID = 'failure-model-retrain';

/** Retrains every repository's failure model as a repeatable job every FAILURE_MODEL_RETRAIN_INTERVAL_MS (the first run at boot). */
@Injectable()
export class FailureModelProcessor implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(FailureModelProcessor.name);

  constructor(
    private readonly workers: QueueWorkers,
    private readonly queues: QueueRegistry,
    private readonly predictions: FailurePredictionService,
    @InjectBuildsConfig() private readonly config: BuildsConfig,
  ) {}

  onModuleInit() {
    this.workers.consume(Queues.BuildsPredictions, () => this.predictions.retrainAll());
  }

  async onApplicationBootstrap() {
    const schedule = this.queues
      .get(Queues.BuildsPredictions)
      .upsertJobScheduler(SCHEDULER_ID, { every: this.config.failureModelRetrainIntervalMs }, { name: 'retrain', opts: { removeOnComplete: true, removeOnFail: true } });
    try {
      await withTimeout(schedule, 5_000, 'Redis did not accept the failure-model retrain schedule within 5 s');
    } catch (error) {
      this.logger.warn(`${(error as Error).message}; retraining starts once it does (next boot)`);
    }
  }
}
