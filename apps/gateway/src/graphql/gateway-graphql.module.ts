import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { PLATFORM_CONFIG, PlatformConfig, principalFromHeaders, principalHeaders, requireSubgraphSecret, signedRequestHeaders } from '@companyos/platform';
import { getConfigToken } from '@nestjs/config';
import { GatewayConfig, gatewayConfig } from '../gateway.config';
import { AuditTrail } from '../audit/audit-trail';
import { roleMapOf } from '../auth/access-policy';
import { AuthModule } from '../auth/auth.module';
import { authorizationPlugin, GatewayContext } from '../auth/authorization.plugin';
import { nulCharactersPlugin, nulCharactersRule } from './nul-characters';
import { queryLimitsRule, tokenLimitError } from './query-limits';
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
            // Every document the gateway runs (/graphql and the REST facade) is parsed here, once (Apollo keeps
            // parsed, validated documents by hash); the parser itself stops past GRAPHQL_MAX_TOKENS, so the
            // rules below and the authorization plugin only ever see a bounded document.
            parseOptions: { maxTokens: config.maxTokens },
            formatError: (formatted) => tokenLimitError(formatted, config.maxTokens),
            validationRules: [queryLimitsRule(config.queryLimits), nulCharactersRule],
            // No usage reports or per-subgraph traces are sent anywhere: off explicitly, so an APOLLO_KEY in the
            // environment cannot make every request build and ship a trace.
            plugins: [authorizationPlugin(roleMapOf(supergraphSdl), audit), nulCharactersPlugin(), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginInlineTraceDisabled()],
            context: ({ req }: GatewayContext) => ({ req }),
          },
          gateway: {
            supergraphSdl,
            buildService: ({ name, url }) => {
              const subgraphUrl = config.subgraphUrls[name] ?? url!;
              return new SignedDataSource(name, subgraphUrl, secret, subgraphFetcher(name, subgraphUrl, config.subgraphTimeoutMs).fetcher);
            },
          },
        };
      },
    }),
  ],
})
export class GatewayGraphqlModule {}

/** A subgraph called for the request's principal, signed for that subgraph (subgraphs refuse anything else). */
class SignedDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
    fetcher: RemoteGraphQLDataSource['fetcher'],
  ) {
    super({ url, fetcher });
    // The signature covers the body's digest, and RemoteGraphQLDataSource serialises the body itself after
    // willSendRequest: so the principal's headers are set there and the signature is added here, in the
    // fetcher, over exactly the bytes sent. Wraps whatever fetcher the data source was given.
    const send = this.fetcher;
    this.fetcher = (url, init) => {
      const principal = init?.headers ? principalFromHeaders(init.headers as Record<string, string>) : null;
      if (!init || !principal) return send(url, init);
      const signed = signedRequestHeaders(this.secret, { subgraph: this.subgraph, method: init.method ?? 'POST', url, body: init.body, principal });
      return send(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...signed } });
    };
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Partial<GatewayContext>>) {
    const principal = context.req?.principal;
    // Authentication runs before any operation, so a request without a principal never gets here; if one did, it goes unsigned and the subgraph refuses it.
    if (!principal) return;
    for (const [name, value] of Object.entries(principalHeaders(principal))) request.http?.headers.set(name, value);
  }
}
