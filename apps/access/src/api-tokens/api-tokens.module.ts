import { API_TOKEN_VERIFY_PATH } from '@companyos/contracts';
import { GatewaySignatureMiddleware } from '@companyos/platform';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ApiTokenVerificationController } from './api-token-verification.controller';
import { ApiTokensResolver } from './api-tokens.resolver';
import { ApiTokensService } from './api-tokens.service';
import { RevocationSignal } from './revocation-signal';

@Module({
  providers: [ApiTokensService, RevocationSignal],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}

/**
 * The API-token faces of the domain, loaded in the api role: the GraphQL
 * resolver and the gateway's verification endpoint, which (like /graphql)
 * answers only requests signed with SUBGRAPH_SECRET.
 */
@Module({
  imports: [ApiTokensModule],
  controllers: [ApiTokenVerificationController],
  providers: [ApiTokensResolver],
})
export class ApiTokensApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(GatewaySignatureMiddleware).forRoutes({ path: API_TOKEN_VERIFY_PATH, method: RequestMethod.ALL });
  }
}
