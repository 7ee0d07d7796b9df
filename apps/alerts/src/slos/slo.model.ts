import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BURN_RATE_WINDOWS } from './error-budget';

export enum BurnRateWindowName {
  M5 = 'M5',
  M30 = 'M30',
  H1 = 'H1',
  H2 = 'H2',
  H6 = 'H6',
  D1 = 'D1',
  D3 = 'D3',
}

export enum BurnAlertState {
  OK = 'OK',
  TICKET = 'TICKET',
  PAGE = 'PAGE',
}

/** Where an SLO's error budget and burn rates come from. */
export enum BudgetSource {
  /** The SLO declares an `sli`: the ratio of bad to all events, measured by Prometheus. */
  PROMETHEUS = 'PROMETHEUS',
  /** No SLI: the time its `slo_name` alerts fired, each second of it counted as a total outage. */
  ALERTS = 'ALERTS',
}

/** Whether the budget's inputs could be read. */
export enum BudgetStatus {
  KNOWN = 'KNOWN',
  /** Prometheus unreachable, failing or without the series: the numbers are null, never invented. */
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(BurnRateWindowName, {
  name: 'BurnRateWindow',
  description: `Look-back windows of the burn rate: ${Object.entries(BURN_RATE_WINDOWS).map(([name, s]) => `${name} = ${s} s`).join(', ')}.`,
});
registerEnumType(BurnAlertState, {
  name: 'BurnAlertState',
  description:
    'Multiwindow, multi-burn-rate alerting (Google SRE workbook, ch. 5; the alerts Sloth generates): PAGE at 14.4× (1h and 5m) or 6× (6h and 30m), TICKET at 3× (1d and 2h) or 1× (3d and 6h).',
});
registerEnumType(BudgetSource, {
  name: 'BudgetSource',
  description: 'PROMETHEUS: measured from the SLO’s sli (bad ÷ all events). ALERTS: alert-time model (every second an slo_name alert fires counts as a total outage).',
});
registerEnumType(BudgetStatus, { name: 'BudgetStatus', description: 'KNOWN, or UNKNOWN when the inputs could not be read (see unknownBecause).' });

@ObjectType({ description: 'Error budget over the SLO window, as of now. Numbers are null when their inputs are unknown.' })
export class ErrorBudget {
  @Field(() => BudgetSource)
  source: BudgetSource;

  @Field(() => BudgetStatus)
  status: BudgetStatus;

  @Field(() => String, { nullable: true, description: 'Why the inputs are unknown (Prometheus unreachable, a query failing, no series).' })
  unknownBecause: string | null;

  @Field(() => Int)
  windowDays: number;

  @Field(() => Float, { nullable: true, description: '1 − bad ÷ allowed; negative once the budget is overspent.' })
  remaining: number | null;

  @Field(() => Float, { nullable: true, description: 'bad ÷ allowed.' })
  consumed: number | null;

  @Field(() => Float, { nullable: true, description: 'PROMETHEUS: bad ÷ all events over the SLO window (the allowed ratio is 1 − objective).' })
  errorRatio: number | null;

  @Field(() => Float, { nullable: true, description: 'ALERTS: allowed bad time, (1 − objective) × window.' })
  allowedBadSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'ALERTS: time in violation within the window (overlapping violations counted once).' })
  badSeconds: number | null;
}

@ObjectType({ description: 'The SLI of an SLO measured by Prometheus: bad and all events (PromQL counters).' })
export class SloSli {
  @Field(() => String, { description: 'A counter selector, or PromQL holding {{.window}}, counting bad events.' })
  errorQuery: string;

  @Field(() => String, { description: 'The same for all events.' })
  totalQuery: string;
}

@ObjectType({ description: 'A stretch of time the SLO was violated, signalled by an alert labelled slo_name.' })
export class SloViolation {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The alert that signalled it.' })
  alertId: string;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  endedAt: Date | null;
}

@ObjectType({ description: 'A service level objective.' })
export class Slo {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'Alerts labelled slo_name=<name> signal its violations.' })
  name: string;

  @Field(() => String)
  service: string;

  @Field(() => Float, { description: 'In percent, e.g. 99.9.' })
  objective: number;

  @Field(() => Int, { description: 'Rolling window: 28 or 30 days.' })
  windowDays: number;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => SloSli, { nullable: true, description: 'Bad and all events in Prometheus; null = the alert-time model.' })
  sli: SloSli | null;

  @Field(() => BudgetSource, { description: 'PROMETHEUS when the SLO has an sli, else ALERTS.' })
  budgetSource: BudgetSource;

  /** The objective as a ratio (0.999), for the budget math. */
  ratio: number;
}
