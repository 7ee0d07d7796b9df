import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const BUILD_DELIVERIES_TOTAL = 'companyos_build_deliveries_total';

export const buildDeliveriesTotalProvider = makeCounterProvider({
  name: BUILD_DELIVERIES_TOTAL,
  help: 'GitHub Actions deliveries the builds app consumed, by event and outcome (applied, duplicate, ignored)',
  labelNames: ['event', 'outcome'],
});
