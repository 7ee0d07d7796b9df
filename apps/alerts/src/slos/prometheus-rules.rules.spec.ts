import { parse } from 'yaml';
import { prometheusRules, prometheusRulesYaml } from './prometheus-rules.rules';

const availability = {
  name: 'gateway-availability',
  service: 'gateway',
  objective: 0.999,
  windowDays: 30,
  sli: {
    errorQuery: 'http_request_duration_seconds_count{app="gateway",status_code=~"5.."}',
    totalQuery: 'http_request_duration_seconds_count{app="gateway"}',
  },
};
const ids = { sloth_id: 'gateway-gateway-availability', sloth_service: 'gateway', sloth_slo: 'gateway-availability' };
const select = '{sloth_id="gateway-gateway-availability", sloth_service="gateway", sloth_slo="gateway-availability"}';

describe('prometheusRules (Sloth-style)', () => {
  const { groups } = prometheusRules(availability);
  const rules = groups.flatMap((group) => group.rules) as { record?: string; alert?: string; expr: string; labels: Record<string, string> }[];
  const rule = (name: string) => rules.find((r) => r.record === name || r.alert === name)!;

  it('has Sloth’s three groups: SLI recordings, meta recordings, alerts', () => {
    expect(groups.map((group) => group.name)).toEqual([
      'sloth-slo-sli-recordings-gateway-gateway-availability',
      'sloth-slo-meta-recordings-gateway-gateway-availability',
      'sloth-slo-alerts-gateway-gateway-availability',
    ]);
  });

  it('records the error ratio over 5m … 3d and the 30d period, each labelled with its window', () => {
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];
    expect(groups[0].rules.map((r) => (r as { record: string }).record)).toEqual(windows.map((w) => `slo:sli_error:ratio_rate${w}`));
    windows.forEach((w) => expect(rule(`slo:sli_error:ratio_rate${w}`).labels).toEqual({ ...ids, sloth_window: w }));
    expect(rule('slo:sli_error:ratio_rate5m').expr).toBe(
      '((sum(rate(http_request_duration_seconds_count{app="gateway",status_code=~"5.."}[5m]))) or vector(0))\n/\n(sum(rate(http_request_duration_seconds_count{app="gateway"}[5m])))\n',
    );
    expect(rule('slo:sli_error:ratio_rate30d').expr).toBe(
      `sum_over_time(slo:sli_error:ratio_rate5m${select}[30d])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate5m${select}[30d])\n`,
    );
  });

  it('records objective, budget, period, burn rates and the budget remaining the release gate reads', () => {
    expect(rule('slo:objective:ratio')).toMatchObject({ expr: 'vector(0.999)', labels: ids });
    expect(rule('slo:error_budget:ratio').expr).toBe('vector(1 - 0.999)');
    expect(rule('slo:time_period:days').expr).toBe('vector(30)');
    expect(rule('slo:error_budget_remaining:ratio').expr).toBe(`1 - slo:period_burn_rate:ratio${select}`);
    expect(rule('slo:period_burn_rate:ratio').expr).toContain(`slo:sli_error:ratio_rate30d${select}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${select}`);
    expect(rule('slo:error_budget_burn_rate:fast').expr).toContain(
      'min without (sloth_window) ({__name__=~"slo:sli_error:ratio_rate1h|slo:sli_error:ratio_rate5m", sloth_id="gateway-gateway-availability"',
    );
    expect(rule('slo:error_budget_burn_rate:slow').expr).toContain('slo:sli_error:ratio_rate3d|slo:sli_error:ratio_rate6h');
  });

  it('pages at 14.4× (1h and 5m) or 6× (6h and 30m), tickets at 3× (1d and 2h) or 1× (3d and 6h), against a budget of 0.001', () => {
    const page = rule('SLOErrorBudgetBurnPage');
    expect(page.labels).toEqual({ service: 'gateway', severity: 'critical', slo_name: 'gateway-availability', sloth_severity: 'page' });
    expect(page.expr).toBe(
      [
        '(',
        `  max(slo:sli_error:ratio_rate5m${select} > (14.4 * 0.001)) without (sloth_window)`,
        '  and',
        `  max(slo:sli_error:ratio_rate1h${select} > (14.4 * 0.001)) without (sloth_window)`,
        ')',
        'or',
        '(',
        `  max(slo:sli_error:ratio_rate30m${select} > (6 * 0.001)) without (sloth_window)`,
        '  and',
        `  max(slo:sli_error:ratio_rate6h${select} > (6 * 0.001)) without (sloth_window)`,
        ')',
        '',
      ].join('\n'),
    );
    const ticket = rule('SLOErrorBudgetBurnTicket');
    expect(ticket.labels.severity).toBe('warning');
    expect(ticket.expr).toContain(`max(slo:sli_error:ratio_rate2h${select} > (3 * 0.001))`);
    expect(ticket.expr).toContain(`max(slo:sli_error:ratio_rate1d${select} > (3 * 0.001))`);
    expect(ticket.expr).toContain(`max(slo:sli_error:ratio_rate6h${select} > (1 * 0.001))`);
    expect(ticket.expr).toContain(`max(slo:sli_error:ratio_rate3d${select} > (1 * 0.001))`);
  });

  it('puts a {{.window}} template in as written and escapes label values', () => {
    const latency = prometheusRules({
      ...availability,
      name: 'p95',
      service: 'we"ird',
      objective: 0.95,
      windowDays: 28,
      sli: { errorQuery: 'sum(rate(a[{{.window}}])) - sum(rate(b{le="0.5"}[{{.window}}]))', totalQuery: 'a' },
    });
    const first = latency.groups[0].rules[0] as { expr: string; labels: Record<string, string> };
    expect(first.expr).toBe('((sum(rate(a[5m])) - sum(rate(b{le="0.5"}[5m]))) or vector(0))\n/\n(sum(rate(a[5m])))\n');
    expect(first.labels.sloth_service).toBe('we"ird');
    expect(JSON.stringify(latency)).toContain('sloth_service=\\"we\\\\\\"ird\\"');
    expect((latency.groups[0].rules[7] as { record: string }).record).toBe('slo:sli_error:ratio_rate28d');
    expect((latency.groups[2].rules[0] as { expr: string }).expr).toContain('> (14.4 * 0.05)');
  });

  it('writes a rule file that reads back to the same rules', () => {
    const text = prometheusRulesYaml(availability);
    expect(text.startsWith('# Generated by CompanyOS for SLO gateway-availability (service gateway, objective 99.9 % over 30d)')).toBe(true);
    expect(parse(text)).toEqual(prometheusRules(availability));
  });
});
