export enum TestError {
  InvalidReport = 'INVALID_TEST_REPORT',
  TestNotFound = 'TEST_NOT_FOUND',
  InvalidQuarantine = 'INVALID_QUARANTINE',
}
