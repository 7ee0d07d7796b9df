export enum ApiTokenError {
  NotFound = 'API_TOKEN_NOT_FOUND',
}
