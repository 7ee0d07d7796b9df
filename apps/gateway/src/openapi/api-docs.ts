import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export type { SchemaObject };

/** The bearer scheme of the REST facade in the OpenAPI document: an API token or a person's JWT. */
export const BEARER_SCHEME = 'bearer';

/** Every REST error: `{ error, message, details? }` (see PlatformExceptionFilter). */
export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'A code: BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, INCIDENT_NOT_FOUND, …', example: 'UNAUTHENTICATED' },
    message: { type: 'string', description: 'What is wrong, naming the field or header.' },
    details: { type: 'object', additionalProperties: true },
  },
};

const errorResponse = (status: number, description: string) => ApiResponse({ status, description, schema: ERROR_SCHEMA });

/** A controller of the REST facade: its tag, the bearer credential, and the refusals every such path can answer. */
export const ApiFacade = (tag: string) =>
  applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(BEARER_SCHEME),
    errorResponse(400, 'Invalid input (the message names the field).'),
    errorResponse(401, 'Missing, wrong, expired or revoked credential.'),
    errorResponse(403, 'The credential\'s role may not do this (the message names the role needed).'),
    errorResponse(429, 'Over the rate limit (Retry-After says when to come back).'),
  );

/** One operation: its summary, and what it answers (any JSON object unless a schema is given). */
export const ApiCall = (summary: string, status: number, description: string, schema: SchemaObject = { type: 'object', additionalProperties: true }) =>
  applyDecorators(ApiOperation({ summary }), ApiResponse({ status, description, schema }));

/** A JSON body described by a schema (the facade passes it to the graph, which validates it). */
export const ApiJsonBody = (description: string, schema: SchemaObject, required = true) => ApiBody({ description, required, schema });

/** Optional query parameters, each a string as written in the URL. */
export const ApiQueries = (params: Record<string, string>) =>
  applyDecorators(...Object.entries(params).map(([name, description]) => ApiQuery({ name, description, required: false, schema: { type: 'string' } })));

/** `?limit=&after=` of a paginated list. */
export const ApiPage = () =>
  ApiQueries({ limit: 'How many items (1–200; default 50). `first` is a synonym.', after: 'The `pageInfo.endCursor` of the previous page.' });

/** A page of a list as the facade answers it. */
export const pageSchema = (item: SchemaObject = { type: 'object', additionalProperties: true }): SchemaObject => ({
  type: 'object',
  properties: {
    nodes: { type: 'array', items: item },
    pageInfo: { type: 'object', properties: { hasNextPage: { type: 'boolean' }, endCursor: { type: 'string', nullable: true } } },
    totalCount: { type: 'integer' },
  },
});
