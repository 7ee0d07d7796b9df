/** Why a request could not be authenticated: `reason` is the specific code, shown beside UNAUTHENTICATED. */
export class AuthRefusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
    /** 401, or 503 when the credential could not be checked at all. */
    readonly status: 401 | 503 = 401,
  ) {
    super(message);
  }
}
