import { actorOf, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CreateApiTokenInput } from './dto/create-api-token.input';
import { toApiToken } from './api-token.mapper';
import { ApiToken, CreatedApiToken } from './api-token.model';
import { ApiTokensService } from './api-tokens.service';

@Resolver(() => ApiToken)
export class ApiTokensResolver {
  constructor(private readonly service: ApiTokensService) {}

  @RequiresRole('admin')
  @Query(() => [ApiToken], { description: 'API tokens, newest first (revoked ones only when asked).' })
  async apiTokens(@Args('includeRevoked', { type: () => Boolean, defaultValue: false }) includeRevoked: boolean): Promise<ApiToken[]> {
    return (await this.service.list({ includeRevoked })).map(toApiToken);
  }

  @RequiresRole('admin')
  @Mutation(() => CreatedApiToken, { description: 'Issues an API token; the token is in the answer and can never be read again.' })
  async createApiToken(@Args('input') input: CreateApiTokenInput, @Context() ctx: RequestContext): Promise<CreatedApiToken> {
    const { token, apiToken } = await this.service.create({ ...input, createdBy: actorOf(ctx) });
    return { token, apiToken: toApiToken(apiToken) };
  }

  @RequiresRole('admin')
  @Mutation(() => ApiToken, { description: 'Revokes an API token at once; revoking it again changes nothing. API_TOKEN_NOT_FOUND if there is none.' })
  async revokeApiToken(@Args('id', { type: () => ID }) id: string, @Context() ctx: RequestContext): Promise<ApiToken> {
    return toApiToken(await this.service.revoke(id, actorOf(ctx)));
  }
}
