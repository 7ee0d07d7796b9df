export enum PostmortemError {
  NotFound = 'POSTMORTEM_NOT_FOUND',
  AlreadyExists = 'POSTMORTEM_ALREADY_EXISTS',
  Published = 'POSTMORTEM_PUBLISHED',
  InvalidTransition = 'INVALID_POSTMORTEM_TRANSITION',
  Incomplete = 'INVALID_POSTMORTEM_INCOMPLETE',
  IncidentNotFound = 'INCIDENT_NOT_FOUND',
}
