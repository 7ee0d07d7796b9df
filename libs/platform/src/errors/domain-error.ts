/** What kind of failure a domain error is; decides the HTTP status. */
export enum ErrorKind {
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Invalid = 'INVALID',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
}

export const HTTP_STATUS_BY_KIND: Record<ErrorKind, number> = {
  [ErrorKind.NotFound]: 404,
  [ErrorKind.Conflict]: 409,
  [ErrorKind.Invalid]: 400,
  [ErrorKind.Unauthenticated]: 401,
  [ErrorKind.Forbidden]: 403,
};

/** Codes follow one naming rule, so their kind follows from the name unless given. */
export function kindOfCode(code: string): ErrorKind {
  if (code.endsWith('_NOT_FOUND')) return ErrorKind.NotFound;
  if (code.startsWith('INVALID_') || code.endsWith('_INVALID')) return ErrorKind.Invalid;
  return ErrorKind.Conflict;
}

/**
 * An expected business failure with a stable machine-readable code
 * (`INCIDENT_NOT_FOUND`). Thrown by services, mapped by the platform filter
 * to `extensions.code` (GraphQL) or an HTTP status (REST).
 */
export class DomainError extends Error {
  readonly kind: ErrorKind;

  constructor(
    readonly code: string,
    message: string,
    kind?: ErrorKind,
    /** Facts the caller can act on (`{ existingId }` of a conflict): `extensions.details` in GraphQL, `details` in REST. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = kind ?? kindOfCode(code);
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_KIND[this.kind];
  }
}
