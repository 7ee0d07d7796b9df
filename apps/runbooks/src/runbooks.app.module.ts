import { DatabaseModule, PlatformConfig, PlatformModule, runsApi, runsWorker, SubgraphModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { runbooksConfig } from './runbooks.config';
import { RUNBOOKS_ENTITIES } from './runbooks.entities';
import { RunbooksApiModule, RunbooksModule } from './runbooks/runbooks.module';
import { RunbooksWorkersModule } from './runbooks/runbooks-workers.module';

/** The runbooks app: the `runbooks` subgraph (api role) and its boot sync and event workers (worker role). */
@Module({})
export class RunbooksAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: RunbooksAppModule,
      imports: [
        PlatformModule.forRoot(config, [runbooksConfig]),
        DatabaseModule.forRoot(RUNBOOKS_ENTITIES),
        RunbooksModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot(), RunbooksApiModule] : []),
        ...(runsWorker(config.role) ? [RunbooksWorkersModule] : []),
      ],
    };
  }
}
