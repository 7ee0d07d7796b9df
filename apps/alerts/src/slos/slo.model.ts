import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BURN_RATE_WINDOWS } from './error-budget';

export enum BurnRateWindowName {
  M5 = 'M5',
  M30 = 'M30',
  H1 = 'H1',
  H6 = 'H6',
  D3 = 'D3',
}

export enum BurnAlertState {
  OK = 'OK',
  TICKET = 'TICKET',
  PAGE = 'PAGE',
}

registerEnumType(BurnRateWindowName, {
  name: 'BurnRateWindow',
  description: `Look-back windows of the burn rate: ${Object.entries(BURN_RATE_WINDOWS).map(([name, s]) => `${name} = ${s} s`).join(', ')}.`,
});
registerEnumType(BurnAlertState, {
  name: 'BurnAlertState',
  description: 'Multiwindow, multi-burn-rate alerting (Google SRE workbook, ch. 5): PAGE at 14.4× (1h and 5m) or 6× (6h and 30m), TICKET at 1× (3d and 6h).',
});

@ObjectType({ description: 'Time-based error budget over the SLO window, as of now.' })
export class ErrorBudget {
  @Field(() => Int)
  windowDays: number;

  @Field(() => Float, { description: 'Allowed bad time: (1 − objective) × window.' })
  allowedBadSeconds: number;

  @Field(() => Float, { description: 'Time in violation within the window (overlapping violations counted once).' })
  badSeconds: number;

  @Field(() => Float, { description: '1 − bad ÷ allowed; negative once the budget is overspent.' })
  remaining: number;

  @Field(() => Float, { description: 'bad ÷ allowed.' })
  consumed: number;
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

  /** The objective as a ratio (0.999), for the budget math. */
  ratio: number;
}
