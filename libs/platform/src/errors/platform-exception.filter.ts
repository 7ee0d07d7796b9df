import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { GqlArgumentsHost, GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError } from './domain-error';

export const INTERNAL_ERROR_CODE = 'INTERNAL';

/**
 * One mapping from thrown errors to what callers see: a DomainError keeps its
 * code (GraphQL `extensions.code`, HTTP status by kind); an HttpException
 * (validation, body limits) keeps its status; anything else is logged with
 * its stack and shown masked as INTERNAL.
 */
@Catch()
export class PlatformExceptionFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return this.toGraphQLError(exception, host);
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toHttp(exception);
    if (!response.headersSent) response.status(status).json(body);
  }

  private toGraphQLError(exception: unknown, host: ArgumentsHost): GraphQLError {
    if (exception instanceof GraphQLError) return exception;
    if (exception instanceof DomainError) {
      return new GraphQLError(exception.message, {
        extensions: { code: exception.code, kind: exception.kind, status: exception.httpStatus, ...detailsOf(exception.details) },
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return new GraphQLError(messageOf(exception), {
        extensions: { code: status === 400 ? 'BAD_USER_INPUT' : codeForStatus(status), status },
      });
    }
    const info = GqlArgumentsHost.create(host).getInfo<{ fieldName?: string }>();
    this.logger.error(`unexpected error in ${info?.fieldName ?? 'graphql'}`, (exception as Error)?.stack);
    return new GraphQLError('Internal server error', { extensions: { code: INTERNAL_ERROR_CODE, status: 500 } });
  }

  private toHttp(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      return { status: exception.httpStatus, body: { error: exception.code, message: exception.message, ...detailsOf(exception.details) } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: { error: codeOf(exception) ?? codeForStatus(status), message: messageOf(exception), ...detailsOf(detailsFrom(exception)) } };
    }
    this.logger.error('unexpected error', (exception as Error)?.stack);
    return { status: 500, body: { error: INTERNAL_ERROR_CODE, message: 'Internal server error' } };
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return exception.message;
}

/** A code the thrower chose (`new HttpException({ code, message }, status)`), if any. */
function codeOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  return typeof response === 'object' && response !== null && typeof (response as { code?: unknown }).code === 'string'
    ? (response as { code: string }).code
    : undefined;
}

const detailsOf = (details: unknown) =>
  typeof details === 'object' && details !== null && !Array.isArray(details) ? { details: details as Record<string, unknown> } : {};

/** Details the thrower attached (`new HttpException({ code, message, details }, status)`), if any. */
function detailsFrom(exception: HttpException): unknown {
  const response = exception.getResponse();
  return typeof response === 'object' && response !== null ? (response as { details?: unknown }).details : undefined;
}

function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    503: 'UNAVAILABLE',
  };
  return codes[status] ?? (status >= 500 ? INTERNAL_ERROR_CODE : 'BAD_REQUEST');
}
