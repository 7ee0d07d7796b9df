export enum AlertError {
  NotFound = 'ALERT_NOT_FOUND',
  AlreadyResolved = 'ALERT_ALREADY_RESOLVED',
  AlreadyAcknowledged = 'ALERT_ALREADY_ACKNOWLEDGED',
  InvalidSilence = 'INVALID_SILENCE_UNTIL',
}
