import type { SloViolationEntity } from './slo-violation.entity';
import type { SloEntity } from './slo.entity';
import { BudgetSource, Slo, SloViolation } from './slo.model';

/** Stored as a ratio (0.999), shown in percent (99.9). */
export const toSlo = (e: SloEntity): Slo => ({
  id: e.id,
  name: e.name,
  service: e.service,
  objective: Math.round(e.objective * 100 * 1e6) / 1e6,
  windowDays: e.windowDays,
  description: e.description,
  sli: e.sliErrorQuery && e.sliTotalQuery ? { errorQuery: e.sliErrorQuery, totalQuery: e.sliTotalQuery } : null,
  budgetSource: e.sliErrorQuery && e.sliTotalQuery ? BudgetSource.PROMETHEUS : BudgetSource.ALERTS,
  ratio: e.objective,
});

export const toSloViolation = (e: SloViolationEntity): SloViolation => ({
  id: e.id,
  alertId: e.alertId,
  startedAt: e.startedAt,
  endedAt: e.endedAt,
});
