import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { PLATFORM_CONFIG, PlatformConfig, requireSubgraphSecret, signedPrincipalHeaders } from '@companyos/platform';
import { getConfigToken } from '@nestjs/config';
import { GatewayConfig, gatewayConfig } from '../gateway.config';
import { AuditTrail } from '../audit/audit-trail';
import { roleMapOf } from '../auth/access-policy';
import { AuthModule } from '../auth/auth.module';
import { authorizationPlugin, GatewayContext } from '../auth/authorization.plugin';
import { queryLimitsRule } from './query-limits';
import { subgraphFetcher } from './subgraph.client';
import { loadSupergraph } from './supergraph';

/** The public graph: Apollo Gateway over the committed supergraph, each subgraph at its configured URL. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
      driver: ApolloGatewayDriver,
      imports: [AuthModule],
      inject: [gatewayConfig.KEY, getConfigToken(PLATFORM_CONFIG), AuditTrail],
      useFactory: (config: GatewayConfig, platform: PlatformConfig, audit: AuditTrail) => {
        const supergraphSdl = loadSupergraph();
        const secret = requireSubgraphSecret(platform);
        return {
          server: {
            path: '/graphql',
            introspection: config.introspection,
            playground: false,
            includeStacktraceInErrorResponses: false,
            validationRules: [queryLimitsRule(config.queryLimits)],
            // No usage reports or per-subgraph traces are sent anywhere: off explicitly, so an APOLLO_KEY in the
            // environment cannot make every request build and ship a trace.
            plugins: [authorizationPlugin(roleMapOf(supergraphSdl), audit), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginInlineTraceDisabled()],
            context: ({ req }: GatewayContext) => ({ req }),
          },
          gateway: {
            supergraphSdl,
            buildService: ({ name, url }) => {
              const subgraphUrl = config.subgraphUrls[name] ?? url!;
              return new SignedDataSource(subgraphUrl, secret, subgraphFetcher(name, subgraphUrl, config.subgraphTimeoutMs).fetcher);
            },
          },
        };
      },
    }),
  ],
})
export class GatewayGraphqlModule {}

/** A subgraph called for the request's principal, signed (subgraphs refuse anything else). */
class SignedDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly secret: string,
    fetcher: RemoteGraphQLDataSource['fetcher'],
  ) {
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>) {
    const principal = context.req?.principal;
    // Authentication runs before any operation, so a request without a principal never gets here; if one did, the subgraph refuses it.
    if (!principal) return;
    for (const [name, value] of Object.entries(signedPrincipalHeaders(this.secret, principal))) request.http?.headers.set(name, value);
  }
}

