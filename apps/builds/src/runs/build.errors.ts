export enum BuildError {
  NotFound = 'BUILD_RUN_NOT_FOUND',
  InvalidReport = 'INVALID_BUILD_REPORT',
}
