import { id, integer, oneOf, required } from '../cli-values';
import type { Graphql, GraphqlRequest } from '../gateway.client';
import { fields, Outcome, table } from '../output';

export const ROLES = ['VIEWER', 'RESPONDER', 'ADMIN'] as const;

export interface ApiTokenJson {
  id: string;
  name: string;
  role: string;
  tokenPrefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const TOKEN_FIELDS = `id name role tokenPrefix createdBy createdAt expiresAt revokedAt lastUsedAt`;

export function createRequest(options: { name?: string; role?: string; expiresInDays?: string }): GraphqlRequest {
  return {
    query: `mutation CliCreateToken($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { ${TOKEN_FIELDS} } } }`,
    variables: {
      input: {
        name: required(options.name, '--name'),
        role: oneOf(required(options.role, '--role', '(viewer, responder or admin)'), '--role', ROLES),
        expiresInDays: integer(options.expiresInDays, '--expires-in-days', 1, 730, 90),
      },
    },
  };
}

export function listRequest(options: { all?: boolean }): GraphqlRequest {
  return { query: `query CliTokens($all: Boolean!) { apiTokens(includeRevoked: $all) { ${TOKEN_FIELDS} } }`, variables: { all: Boolean(options.all) } };
}

export function revokeRequest(tokenId: string): GraphqlRequest {
  return { query: `mutation CliRevokeToken($id: ID!) { revokeApiToken(id: $id) { ${TOKEN_FIELDS} } }`, variables: { id: id(tokenId, 'token id') } };
}

export function formatTokens(tokens: ApiTokenJson[]): string {
  return table(
    ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED', 'EXPIRES', 'LAST USED', 'REVOKED'],
    tokens.map((t) => [t.id, t.name, t.role, t.tokenPrefix, t.createdAt, t.expiresAt, t.lastUsedAt, t.revokedAt]),
  );
}

export async function create(gql: Graphql, options: { name?: string; role?: string; expiresInDays?: string }): Promise<Outcome> {
  const { createApiToken } = await gql<{ createApiToken: { token: string; apiToken: ApiTokenJson } }>(createRequest(options));
  const { token, apiToken } = createApiToken;
  return {
    json: createApiToken,
    text: fields([['token', token], ['id', apiToken.id], ['name', apiToken.name], ['role', apiToken.role], ['expires', apiToken.expiresAt]]),
    notice: 'keep the token now: it cannot be read again',
  };
}

export async function list(gql: Graphql, options: { all?: boolean }): Promise<Outcome> {
  const { apiTokens } = await gql<{ apiTokens: ApiTokenJson[] }>(listRequest(options));
  return { json: apiTokens, text: formatTokens(apiTokens) };
}

export async function revoke(gql: Graphql, tokenId: string): Promise<Outcome> {
  const { revokeApiToken } = await gql<{ revokeApiToken: ApiTokenJson }>(revokeRequest(tokenId));
  return { json: revokeApiToken, text: `revoked token ${revokeApiToken.name} (${revokeApiToken.id}) at ${revokeApiToken.revokedAt}` };
}
