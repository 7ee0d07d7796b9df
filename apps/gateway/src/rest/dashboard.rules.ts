/** An SLO as the dashboard's operation reads it. */
export interface DashboardSlo {
  name: string;
  service: string;
  objective: number;
  windowDays: number;
  burnAlert: 'OK' | 'TICKET' | 'PAGE';
  errorBudget: { remaining: number; consumed: number };
}

/** Below this share of its error budget left, an SLO is at risk even while nothing burns fast. */
export const AT_RISK_BUDGET_REMAINING = 0.25;

/**
 * SLOs at risk: a burn-rate alert (ticket or page) or less than a quarter of
 * the budget left; the least budget left first (ties: by name).
 */
export function slosAtRisk<T extends DashboardSlo>(slos: T[]): T[] {
  return slos
    .filter((slo) => slo.burnAlert !== 'OK' || slo.errorBudget.remaining < AT_RISK_BUDGET_REMAINING)
    .sort((a, b) => a.errorBudget.remaining - b.errorBudget.remaining || a.name.localeCompare(b.name));
}
