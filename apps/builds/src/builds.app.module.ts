import { DatabaseModule, PlatformConfig, PlatformModule, runsApi, runsWorker, SubgraphModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { buildsConfig } from './builds.config';
import { BUILDS_ENTITIES } from './builds.entities';
import { Deployment } from './deployments/deployment.model';
import { BuildsApiModule, BuildsModule } from './runs/builds.module';
import { BuildsWorkersModule } from './runs/builds-workers.module';

/** The builds app: the `builds` subgraph (api role) and its GitHub Actions workers (worker role). */
@Module({})
export class BuildsAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: BuildsAppModule,
      imports: [
        PlatformModule.forRoot(config, [buildsConfig]),
        DatabaseModule.forRoot(BUILDS_ENTITIES),
        BuildsModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot({ orphanedTypes: [Deployment] }), BuildsApiModule] : []),
        ...(runsWorker(config.role) ? [BuildsWorkersModule] : []),
      ],
    };
  }
}
