import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { BuildReportsService } from '../reports/build-reports.service';
import { BuildOutboxEntity } from './build-messaging.entities';
import { BuildRunsResolver, StagesResolver } from './build-runs.resolver';
import { BuildRunsService } from './build-runs.service';
import { buildDeliveriesTotalProvider } from './builds.metrics';

@Module({
  providers: [BuildRunsService, BuildReportsService, buildDeliveriesTotalProvider, outboxRelayProvider(BuildOutboxEntity)],
  exports: [BuildRunsService, BuildReportsService, buildDeliveriesTotalProvider],
})
export class BuildsModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [BuildsModule],
  providers: [BuildRunsResolver, StagesResolver],
})
export class BuildsApiModule {}
