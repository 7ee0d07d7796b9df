export enum ScheduleError {
  NotFound = 'SCHEDULE_NOT_FOUND',
  NameTaken = 'SCHEDULE_NAME_TAKEN',
  Invalid = 'INVALID_SCHEDULE',
  InvalidOverride = 'INVALID_SCHEDULE_OVERRIDE',
  InvalidPeriod = 'INVALID_SCHEDULE_PERIOD',
  InvalidEdit = 'INVALID_SCHEDULE_EDIT',
}
