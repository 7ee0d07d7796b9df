import { DatabaseModule, PlatformConfig, PlatformModule, runsApi, runsWorker, SubgraphModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { alertsConfig } from './alerts.config';
import { ALERTS_ENTITIES } from './alerts.entities';
import { AlertsApiModule, AlertsModule } from './alerts/alerts.module';
import { AlertsWorkersModule } from './alerts/alerts-workers.module';

/** The alerts app: the `alerts` subgraph (api role) and its Alertmanager and event workers (worker role). */
@Module({})
export class AlertsAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AlertsAppModule,
      imports: [
        PlatformModule.forRoot(config, [alertsConfig]),
        DatabaseModule.forRoot(ALERTS_ENTITIES),
        AlertsModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot(), AlertsApiModule] : []),
        ...(runsWorker(config.role) ? [AlertsWorkersModule] : []),
      ],
    };
  }
}
