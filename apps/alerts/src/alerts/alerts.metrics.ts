import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const ALERTS_TOTAL = 'companyos_alerts_total';
export const ALERTMANAGER_TRUNCATED_ALERTS_TOTAL = 'companyos_alertmanager_truncated_alerts_total';

export const alertsTotalProvider = makeCounterProvider({
  name: ALERTS_TOTAL,
  help: 'Alert state changes: a new firing (status="firing") and each resolution (status="resolved"), by severity',
  labelNames: ['severity', 'status'],
});

export const truncatedAlertsProvider = makeCounterProvider({
  name: ALERTMANAGER_TRUNCATED_ALERTS_TOTAL,
  help: 'Alerts Alertmanager left out of notifications (truncatedAlerts, from max_alerts)',
});
