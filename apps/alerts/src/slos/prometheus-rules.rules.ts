import { stringify } from 'yaml';
import { BURN_RATE_POLICY, BURN_RATE_WINDOWS, BurnRateWindow } from './error-budget';
import { eventsOver, promDuration, Sli } from './sli.rules';

/** What the generator needs of an SLO; `objective` as a ratio (0.999). */
export interface PrometheusRulesInput {
  name: string;
  service: string;
  objective: number;
  windowDays: number;
  sli: Sli;
}

interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Sloth's names: the windows its recording rules cover (every window of the burn-rate policy). */
const SLI_WINDOWS = Object.keys(BURN_RATE_WINDOWS) as BurnRateWindow[];

/** A number as PromQL and YAML should show it: 1 − 0.999 is 0.001, not 0.0010000000000000009. */
const num = (value: number) => String(Number(value.toPrecision(12)));

/** `{sloth_id="…", sloth_service="…", sloth_slo="…"}` with PromQL string escaping. */
function matcher(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ')}}`;
}

/**
 * The Prometheus rule file (groups of recording rules and alerts) for an SLO
 * measured by Prometheus, in the shape Sloth generates:
 *
 * * `slo:sli_error:ratio_rate<w>` for 5m, 30m, 1h, 2h, 6h, 1d and 3d: bad ÷ all
 *   events over the window (an error counter that does not exist yet counts 0);
 *   `slo:sli_error:ratio_rate<SLO window>` as Sloth computes it, the average of
 *   the 5-minute ratios over the window (cheap to evaluate every interval; the
 *   graph reads the exact event ratio instead, equal under steady traffic);
 * * `slo:objective:ratio`, `slo:error_budget:ratio` (1 − objective),
 *   `slo:time_period:days`, `slo:current_burn_rate:ratio` (5m),
 *   `slo:period_burn_rate:ratio`, `slo:error_budget_remaining:ratio`
 *   (1 − period burn rate: what seed 002's release gate reads), and
 *   `slo:error_budget_burn_rate:fast` / `:slow` (the 1 h and 3 d burn rates,
 *   each confirmed by its short window, 5 m and 6 h: the lower of the two,
 *   as the release gate reads them);
 * * two alerts, `SLOErrorBudgetBurnPage` (14.4× over 1h and 5m, or 6× over
 *   6h and 30m) and `SLOErrorBudgetBurnTicket` (3× over 1d and 2h, or 1× over
 *   3d and 6h), labelled with `service`, `severity` (critical / warning) and
 *   `slo_name`, so that, sent back to CompanyOS by Alertmanager, they open a
 *   violation of the SLO and, for a page, an incident.
 *
 * Every series carries `sloth_id` (`<service>-<slo>`), `sloth_service` and
 * `sloth_slo`; the SLI series also `sloth_window`.
 */
export function prometheusRules(slo: PrometheusRulesInput): { groups: { name: string; rules: (RecordingRule | AlertingRule)[] }[] } {
  const id = `${slo.service}-${slo.name}`;
  const ids = { sloth_id: id, sloth_service: slo.service, sloth_slo: slo.name };
  const select = matcher(ids);
  const budget = num(1 - slo.objective);
  const period = `${slo.windowDays}d`;

  const sliRules: RecordingRule[] = SLI_WINDOWS.map((window) => {
    const w = promDuration(BURN_RATE_WINDOWS[window]);
    return {
      record: `slo:sli_error:ratio_rate${w}`,
      expr: `((${eventsOver(slo.sli.errorQuery, w, 'rate')}) or vector(0))\n/\n(${eventsOver(slo.sli.totalQuery, w, 'rate')})\n`,
      labels: { ...ids, sloth_window: w },
    };
  });
  sliRules.push({
    record: `slo:sli_error:ratio_rate${period}`,
    expr:
      `sum_over_time(slo:sli_error:ratio_rate5m${select}[${period}])\n` +
      `/ ignoring (sloth_window)\n` +
      `count_over_time(slo:sli_error:ratio_rate5m${select}[${period}])\n`,
    labels: { ...ids, sloth_window: period },
  });

  const perBudget = (series: string) => `${series}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${select}\n`;
  const confirmed = (long: string, short: string) =>
    perBudget(`min without (sloth_window) ({__name__=~"slo:sli_error:ratio_rate${long}|slo:sli_error:ratio_rate${short}", ${select.slice(1, -1)}})`);
  const metaRules: RecordingRule[] = [
    { record: 'slo:objective:ratio', expr: `vector(${num(slo.objective)})`, labels: ids },
    { record: 'slo:error_budget:ratio', expr: `vector(1 - ${num(slo.objective)})`, labels: ids },
    { record: 'slo:time_period:days', expr: `vector(${slo.windowDays})`, labels: ids },
    { record: 'slo:current_burn_rate:ratio', expr: perBudget(`slo:sli_error:ratio_rate5m${select}`), labels: ids },
    { record: 'slo:period_burn_rate:ratio', expr: perBudget(`slo:sli_error:ratio_rate${period}${select}`), labels: ids },
    { record: 'slo:error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${select}`, labels: ids },
    { record: 'slo:error_budget_burn_rate:fast', expr: confirmed('1h', '5m'), labels: ids },
    { record: 'slo:error_budget_burn_rate:slow', expr: confirmed('3d', '6h'), labels: ids },
  ];

  const condition = (alert: 'PAGE' | 'TICKET') =>
    BURN_RATE_POLICY.filter((rule) => rule.alert === alert)
      .map((rule) => {
        const over = (window: BurnRateWindow) =>
          `max(slo:sli_error:ratio_rate${promDuration(BURN_RATE_WINDOWS[window])}${select} > (${num(rule.burnRate)} * ${budget})) without (sloth_window)`;
        return `(\n  ${over(rule.short)}\n  and\n  ${over(rule.long)}\n)`;
      })
      .join('\nor\n');
  const alert = (name: string, kind: 'page' | 'ticket', severity: string, policy: string): AlertingRule => ({
    alert: name,
    expr: `${condition(kind === 'page' ? 'PAGE' : 'TICKET')}\n`,
    labels: { service: slo.service, severity, slo_name: slo.name, sloth_severity: kind },
    annotations: {
      title: `(${kind}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
      // From labels, never from the SLO's text: annotations are Go templates.
      summary: `{{$labels.sloth_service}} {{$labels.sloth_slo}} is burning its error budget too fast (${policy}).`,
    },
  });
  const alerts = [
    alert('SLOErrorBudgetBurnPage', 'page', 'critical', '14.4× over 1h and 5m, or 6× over 6h and 30m'),
    alert('SLOErrorBudgetBurnTicket', 'ticket', 'warning', '3× over 1d and 2h, or 1× over 3d and 6h'),
  ];

  return {
    groups: [
      { name: `sloth-slo-sli-recordings-${id}`, rules: sliRules },
      { name: `sloth-slo-meta-recordings-${id}`, rules: metaRules },
      { name: `sloth-slo-alerts-${id}`, rules: alerts },
    ],
  };
}

/** prometheusRules as a Prometheus rule file. */
export function prometheusRulesYaml(slo: PrometheusRulesInput): string {
  const header = `# Generated by CompanyOS for SLO ${slo.name} (service ${slo.service}, objective ${num(slo.objective * 100)} % over ${slo.windowDays}d), Sloth style.\n`;
  return header + stringify(prometheusRules(slo), { lineWidth: 0 });
}
