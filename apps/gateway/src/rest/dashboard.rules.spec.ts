import { DashboardSlo, slosAtRisk } from './dashboard.rules';

const anSlo = (name: string, remaining: number, burnAlert: DashboardSlo['burnAlert'] = 'OK'): DashboardSlo => ({
  name,
  service: 'api',
  objective: 99.9,
  windowDays: 30,
  burnAlert,
  errorBudget: { remaining, consumed: 1 - remaining },
});

describe('SLOs at risk on the dashboard', () => {
  it('keeps SLOs burning fast or with less than a quarter of their budget left, least budget first', () => {
    const slos = [anSlo('healthy', 0.9), anSlo('paging', 0.8, 'PAGE'), anSlo('overspent', -0.4), anSlo('low', 0.2), anSlo('ticket', 0.95, 'TICKET')];
    expect(slosAtRisk(slos).map((slo) => slo.name)).toEqual(['overspent', 'low', 'paging', 'ticket']);
  });

  it('leaves an SLO at exactly a quarter of its budget out, and orders ties by name', () => {
    expect(slosAtRisk([anSlo('edge', 0.25)])).toEqual([]);
    expect(slosAtRisk([anSlo('b', 0.1), anSlo('a', 0.1)]).map((slo) => slo.name)).toEqual(['a', 'b']);
  });
});
