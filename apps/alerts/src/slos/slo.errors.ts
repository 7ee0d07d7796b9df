export enum SloError {
  NotFound = 'SLO_NOT_FOUND',
  NameTaken = 'SLO_NAME_TAKEN',
}
