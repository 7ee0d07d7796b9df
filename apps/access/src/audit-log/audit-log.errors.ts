export enum AuditLogError {
  InvalidPeriod = 'INVALID_AUDIT_PERIOD',
}
