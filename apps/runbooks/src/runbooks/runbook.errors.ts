export enum RunbookError {
  NotFound = 'RUNBOOK_NOT_FOUND',
  Retired = 'RUNBOOK_RETIRED',
  InvalidYaml = 'INVALID_RUNBOOK_YAML',
  DirectoryUnreadable = 'RUNBOOKS_DIR_UNREADABLE',
}
