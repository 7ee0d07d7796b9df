import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const RUNBOOK_SYNCS_TOTAL = 'companyos_runbook_syncs_total';
export const RUNBOOK_EXECUTIONS_TOTAL = 'companyos_runbook_executions_total';

export const runbookSyncsTotalProvider = makeCounterProvider({
  name: RUNBOOK_SYNCS_TOTAL,
  help: 'Runbook catalog syncs, by source (directory, posted) and outcome (ok, with_errors)',
  labelNames: ['source', 'outcome'],
});

export const runbookExecutionsTotalProvider = makeCounterProvider({
  name: RUNBOOK_EXECUTIONS_TOTAL,
  help: 'Runbook executions started (status="started") and finished (status="completed|aborted|failed")',
  labelNames: ['status'],
});
