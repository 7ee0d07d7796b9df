export enum DeploymentError {
  NotFound = 'DEPLOYMENT_NOT_FOUND',
  /** A finished deployment cannot be marked otherwise (SUCCEEDED → FAILED). */
  AlreadyFinished = 'DEPLOYMENT_ALREADY_FINISHED',
  /** Only a deployment that finished can be rolled back. */
  NotRollbackable = 'DEPLOYMENT_NOT_ROLLBACKABLE',
  /** Nothing to roll back to, and no version given. */
  NoRollbackVersion = 'INVALID_ROLLBACK_VERSION',
  InvalidPeriod = 'INVALID_PERIOD',
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
}
