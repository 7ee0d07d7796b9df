import { DatabaseModule, PlatformConfig, PlatformModule } from '@companyos/platform';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { RAW_BODY_PATHS } from './body-parsers';
import { RateLimitMiddleware } from './rate-limit/rate-limit.middleware';
import { gatewayConfig } from './gateway.config';
import { GATEWAY_ENTITIES } from './gateway.entities';
import { GatewayGraphqlModule } from './graphql/gateway-graphql.module';
import { RestModule } from './rest/rest.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The only public door: the federated graph, the REST facade and the webhook edge. */
@Module({})
export class GatewayAppModule implements NestModule {
  /** Every route but the webhooks (and health and metrics, which probes and Prometheus call) is rate-limited per client IP. */
  configure(consumer: MiddlewareConsumer) {
    consumer
      .apply(RateLimitMiddleware)
      .exclude(...[...RAW_BODY_PATHS, '/health', '/health/{*rest}', '/metrics'].map((path) => ({ path, method: RequestMethod.ALL })))
      .forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }

  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        PlatformModule.forRoot(config, [gatewayConfig]),
        DatabaseModule.forRoot(GATEWAY_ENTITIES),
        GatewayGraphqlModule,
        WebhooksModule,
        RestModule,
      ],
    };
  }
}
