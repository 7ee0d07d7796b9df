import {
  DatabaseModule,
  PlatformConfig,
  PlatformModule,
  runsApi,
  runsWorker,
  SubgraphModule,
} from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { AlertIncidentsModule } from './alerts/alert-incidents.module';
import { RunbookTimelineModule } from './runbooks/runbook-timeline.module';
import { GithubModule } from './github/github.module';
import { INCIDENTS_ENTITIES } from './incidents.entities';
import { IncidentsApiModule, IncidentsModule } from './incidents/incidents.module';

/** The incidents app: the `incidents` subgraph (api role) and its GitHub and alert-event workers (worker role). */
@Module({})
export class IncidentsAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: IncidentsAppModule,
      imports: [
        PlatformModule.forRoot(config),
        DatabaseModule.forRoot(INCIDENTS_ENTITIES),
        IncidentsModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot(), IncidentsApiModule] : []),
        ...(runsWorker(config.role) ? [GithubModule, AlertIncidentsModule, RunbookTimelineModule] : []),
      ],
    };
  }
}
