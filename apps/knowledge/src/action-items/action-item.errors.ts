export enum ActionItemError {
  NotFound = 'ACTION_ITEM_NOT_FOUND',
  InvalidDueDate = 'INVALID_DUE_DATE',
  ReasonRequired = 'INVALID_ACTION_ITEM_REASON_REQUIRED',
}
