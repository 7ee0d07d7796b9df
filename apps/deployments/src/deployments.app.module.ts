import { DatabaseModule, PlatformConfig, PlatformModule, runsApi, runsWorker, SubgraphModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { BuildRun } from './builds/build-run.model';
import { deploymentsConfig } from './deployments.config';
import { DEPLOYMENTS_ENTITIES } from './deployments.entities';
import { DeploymentsApiModule, DeploymentsModule } from './deployments/deployments.module';
import { DeploymentsWorkersModule } from './deployments/deployments-workers.module';

/** The deployments app: the `deployments` subgraph (api role) and its GitHub, incident-event and rollup workers (worker role). */
@Module({})
export class DeploymentsAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: DeploymentsAppModule,
      imports: [
        PlatformModule.forRoot(config, [deploymentsConfig]),
        DatabaseModule.forRoot(DEPLOYMENTS_ENTITIES),
        DeploymentsModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot({ orphanedTypes: [BuildRun] }), DeploymentsApiModule] : []),
        ...(runsWorker(config.role) ? [DeploymentsWorkersModule] : []),
      ],
    };
  }
}
