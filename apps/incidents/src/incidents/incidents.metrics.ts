import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const INCIDENTS_TOTAL = 'companyos_incidents_total';

export const incidentsTotalProvider = makeCounterProvider({
  name: INCIDENTS_TOTAL,
  help: 'Incidents declared, by severity (sev1…sev4)',
  labelNames: ['severity'],
});
