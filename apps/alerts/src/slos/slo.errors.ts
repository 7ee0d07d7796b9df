export enum SloError {
  NotFound = 'SLO_NOT_FOUND',
  NameTaken = 'SLO_NAME_TAKEN',
  /** Rules exist only for an SLO measured by Prometheus (409). */
  HasNoSli = 'SLO_HAS_NO_SLI',
}
