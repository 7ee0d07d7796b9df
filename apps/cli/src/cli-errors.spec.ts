import { ExitCode, exitCodeForGraphqlCodes, exitCodeForStatus } from './cli-errors';
import { graphqlFailure, interpretAnswer, networkFailure } from './gateway.client';

describe('exit codes', () => {
  it('maps GraphQL error codes: auth 3, unavailable 4, invalid input 2, anything else 1', () => {
    expect(exitCodeForGraphqlCodes(['UNAUTHENTICATED'])).toBe(ExitCode.Auth);
    expect(exitCodeForGraphqlCodes(['FORBIDDEN'])).toBe(ExitCode.Auth);
    expect(exitCodeForGraphqlCodes(['UNAVAILABLE'])).toBe(ExitCode.Unreachable);
    expect(exitCodeForGraphqlCodes(['BAD_USER_INPUT'])).toBe(ExitCode.Usage);
    expect(exitCodeForGraphqlCodes(['INVALID_PERIOD'])).toBe(ExitCode.Usage);
    expect(exitCodeForGraphqlCodes(['INCIDENT_NOT_FOUND'])).toBe(ExitCode.Failed);
    expect(exitCodeForGraphqlCodes(['BAD_USER_INPUT', 'DEPLOYMENT_ALREADY_FINISHED'])).toBe(ExitCode.Failed);
    expect(exitCodeForGraphqlCodes(['INTERNAL_SERVER_ERROR', 'FORBIDDEN'])).toBe(ExitCode.Auth);
  });

  it('maps bare HTTP statuses', () => {
    expect(exitCodeForStatus(401)).toBe(ExitCode.Auth);
    expect(exitCodeForStatus(403)).toBe(ExitCode.Auth);
    expect(exitCodeForStatus(503)).toBe(ExitCode.Unreachable);
    expect(exitCodeForStatus(400)).toBe(ExitCode.Usage);
    expect(exitCodeForStatus(500)).toBe(ExitCode.Failed);
  });
});

describe('reading the gateway answer', () => {
  it('returns data', () => {
    expect(interpretAnswer('u', 200, 'application/json; charset=utf-8', '{"data":{"x":1}}')).toEqual({ x: 1 });
  });

  it('names every GraphQL error with its code, and a 401 as the token refused', () => {
    const failure = graphqlFailure([{ message: 'incident 7 not found', extensions: { code: 'INCIDENT_NOT_FOUND' } }, { message: 'plain' }], 200);
    expect(failure.message).toBe('INCIDENT_NOT_FOUND: incident 7 not found\nplain');
    expect(failure.codes).toEqual(['INCIDENT_NOT_FOUND']);
    expect(failure.exitCode).toBe(ExitCode.Failed);
    const refused = () => interpretAnswer('u', 401, 'application/json', JSON.stringify({ errors: [{ message: 'unknown API token', extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_UNKNOWN' } }] }));
    expect(refused).toThrow('the gateway refused the token (401): UNAUTHENTICATED: unknown API token (TOKEN_UNKNOWN)');
  });

  it('says when the answer is not a CompanyOS gateway’s', () => {
    expect(() => interpretAnswer('http://x/graphql', 404, 'text/html', '<h1>Not Found</h1>')).toThrow('unexpected answer from http://x/graphql: HTTP 404 with a text/html: <h1>Not Found</h1> — is this a CompanyOS gateway?');
    expect(() => interpretAnswer('u', 429, 'application/json', '{"error":"RATE_LIMITED"}')).toThrow('rate limited');
    try {
      interpretAnswer('u', 503, 'text/plain', 'down');
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(ExitCode.Unreachable);
    }
  });

  it('names network failures and timeouts (exit 4)', () => {
    const refused = networkFailure('http://127.0.0.1:9/graphql', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 1000);
    expect(refused.message).toBe('cannot reach http://127.0.0.1:9/graphql: ECONNREFUSED');
    expect(refused.exitCode).toBe(ExitCode.Unreachable);
    const timedOut = networkFailure('http://x/graphql', new DOMException('timed out', 'TimeoutError'), 1500);
    expect(timedOut.message).toContain('no answer from http://x/graphql within 1500 ms');
  });
});
