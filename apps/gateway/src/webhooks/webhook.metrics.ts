import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const WEBHOOK_DELIVERIES_TOTAL = 'companyos_webhook_deliveries_total';

export const webhookDeliveriesProvider = makeCounterProvider({
  name: WEBHOOK_DELIVERIES_TOTAL,
  help: 'Webhook deliveries received at the edge, by source, event and outcome',
  labelNames: ['source', 'event', 'outcome'],
});
