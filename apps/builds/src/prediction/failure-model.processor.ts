import { QueueRegistry, QueueWorkers, Queues } from '@companyos/platform';
import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { BuildsConfig, InjectBuildsConfig } from '../builds.config';
import { FailurePredictionService } from './failure-prediction.service';

const SCHEDULER_ID = 'failure-model-retrain';

/** Retrains every repository's failure model as a repeatable job every FAILURE_MODEL_RETRAIN_INTERVAL_MS (the first run at boot). */
@Injectable()
export class FailureModelProcessor implements OnModuleInit, OnApplicationBootstrap {
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
    await this.queues.keepScheduled(Queues.BuildsPredictions, SCHEDULER_ID, this.config.failureModelRetrainIntervalMs, 'retrain');
  }
}
