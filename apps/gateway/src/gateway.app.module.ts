import { DatabaseModule, PlatformConfig, PlatformModule } from '@companyos/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { EventsModule } from './events/events.module';
import { gatewayConfig } from './gateway.config';
import { GATEWAY_ENTITIES } from './gateway.entities';
import { GatewayGraphqlModule } from './graphql/gateway-graphql.module';
import { RestModule } from './rest/rest.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The only public door: the federated graph, the REST facade and the webhook edge. */
@Module({})
export class GatewayAppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        PlatformModule.forRoot(config, [gatewayConfig]),
        DatabaseModule.forRoot(GATEWAY_ENTITIES),
        AuthModule,
        GatewayGraphqlModule,
        WebhooksModule,
        RestModule,
        EventsModule,
      ],
    };
  }
}
