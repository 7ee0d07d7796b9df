import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const DEPLOYMENTS_TOTAL = 'companyos_deployments_total';

export const deploymentsTotalProvider = makeCounterProvider({
  name: DEPLOYMENTS_TOTAL,
  help: 'Deployments reaching a status (a new one counts its first status, each change counts again), by environment and status',
  labelNames: ['environment', 'status'],
});
