import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { PipelineAnalyticsResolver } from '../analytics/pipeline-analytics.resolver';
import { PipelineAnalyticsService } from '../analytics/pipeline-analytics.service';
import { DeploymentsResolver } from '../deployments/deployments.resolver';
import { FailurePredictionService } from '../prediction/failure-prediction.service';
import { BuildReportsService } from '../reports/build-reports.service';
import { ServicesResolver } from '../services/services.resolver';
import { TestResultsResolver } from '../tests/test-results.resolver';
import { TestResultsService } from '../tests/test-results.service';
import { BuildOutboxEntity } from './build-messaging.entities';
import { BuildRunsResolver, StagesResolver } from './build-runs.resolver';
import { BuildRunsService } from './build-runs.service';
import { buildDeliveriesTotalProvider } from './builds.metrics';

@Module({
  providers: [BuildRunsService, BuildReportsService, TestResultsService, PipelineAnalyticsService, FailurePredictionService, buildDeliveriesTotalProvider, outboxRelayProvider(BuildOutboxEntity)],
  exports: [BuildRunsService, BuildReportsService, TestResultsService, PipelineAnalyticsService, FailurePredictionService, buildDeliveriesTotalProvider],
})
export class BuildsModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [BuildsModule],
  providers: [BuildRunsResolver, StagesResolver, TestResultsResolver, PipelineAnalyticsResolver, ServicesResolver, DeploymentsResolver],
})
export class BuildsApiModule {}
