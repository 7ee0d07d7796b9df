import { DatabaseModule, PlatformConfig, PlatformModule, runsApi, runsWorker, SubgraphModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { ACCESS_ENTITIES } from './access.entities';
import { ApiTokensApiModule, ApiTokensModule } from './api-tokens/api-tokens.module';
import { AuditLogWorkersModule } from './audit-log/audit-log-workers.module';
import { AuditLogApiModule, AuditLogModule } from './audit-log/audit-log.module';
import { PrincipalsApiModule } from './principals/principals.module';

/**
 * The access app (identity and audit): the `access` subgraph and the internal
 * API-token verification endpoint the gateway asks (api role), and the worker
 * that stores the audit trail (worker role).
 */
@Module({})
export class AccessAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AccessAppModule,
      imports: [
        PlatformModule.forRoot(config),
        DatabaseModule.forRoot(ACCESS_ENTITIES),
        ApiTokensModule,
        AuditLogModule,
        ...(runsApi(config.role) ? [SubgraphModule.forRoot(), ApiTokensApiModule, AuditLogApiModule, PrincipalsApiModule] : []),
        ...(runsWorker(config.role) ? [AuditLogWorkersModule] : []),
      ],
    };
  }
}
