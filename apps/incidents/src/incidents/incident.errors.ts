export enum IncidentError {
  NotFound = 'INCIDENT_NOT_FOUND',
  AlreadyResolved = 'INCIDENT_ALREADY_RESOLVED',
  AlreadyAcknowledged = 'INCIDENT_ALREADY_ACKNOWLEDGED',
  NotResolved = 'INCIDENT_NOT_RESOLVED',
  InvalidTransition = 'INVALID_INCIDENT_TRANSITION',
}
