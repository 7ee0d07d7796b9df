import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const SLO_VIOLATIONS_TOTAL = 'companyos_slo_violations_total';

export const sloViolationsTotalProvider = makeCounterProvider({
  name: SLO_VIOLATIONS_TOTAL,
  help: 'SLO violations opened (a firing alert labelled slo_name), by service',
  labelNames: ['service'],
});
