/** The exit codes of `companyos` (documented in the README's CLI section). */
export enum ExitCode {
  Ok = 0,
  /** The release gate denied, or the gateway refused the command (not found, conflict, …). */
  Failed = 1,
  /** Bad arguments: a missing or malformed option, or an input the gateway rejected as invalid. */
  Usage = 2,
  /** No credentials, or the gateway refused them (401) or the role may not do this (403). */
  Auth = 3,
  /** The gateway cannot be reached: connection refused, DNS, timeout, 502/503/504. */
  Unreachable = 4,
}

/** A failure the CLI reports on stderr as `companyos: <message>` and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Machine-readable codes (the GraphQL errors' `extensions.code`), when the gateway gave any. */
    readonly codes: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, ExitCode.Usage);

/** GraphQL error codes that mean the caller's input was wrong rather than the state of things. */
const USAGE_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);
const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
const UNAVAILABLE_CODES = new Set(['UNAVAILABLE', 'SERVICE_UNAVAILABLE']);

/** The exit code for a set of GraphQL error codes: auth beats unreachable beats usage beats failed. */
export function exitCodeForGraphqlCodes(codes: readonly string[]): ExitCode {
  if (codes.some((code) => AUTH_CODES.has(code))) return ExitCode.Auth;
  if (codes.some((code) => UNAVAILABLE_CODES.has(code))) return ExitCode.Unreachable;
  if (codes.length > 0 && codes.every((code) => USAGE_CODES.has(code) || code.startsWith('INVALID_') || code.endsWith('_INVALID'))) return ExitCode.Usage;
  return ExitCode.Failed;
}

/** The exit code for an HTTP status the gateway answered with no usable GraphQL body. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.Auth;
  if (status === 502 || status === 503 || status === 504) return ExitCode.Unreachable;
  if (status === 400 || status === 413 || status === 422) return ExitCode.Usage;
  return ExitCode.Failed;
}
