import { Injectable } from '@nestjs/common';
import { BURN_RATE_WINDOWS, BurnRateWindow, burnRate, errorBudget, Interval } from './error-budget';
import { PrometheusClient } from './prometheus.client';
import { readSliResult, sliBudget, sliBurnRate, sliReadingQuery } from './sli.rules';
import type { SloViolationEntity } from './slo-violation.entity';
import { BudgetSource, BudgetStatus, ErrorBudget, Slo } from './slo.model';

/** An SLO's error budget and burn rates as of one instant, from Prometheus or from alert time. */
export interface SloAssessment {
  budget: ErrorBudget;
  /** Per window; null where unknown (budget.status says UNKNOWN and why). */
  burnRates: Record<BurnRateWindow, number | null>;
}

const WINDOWS = Object.keys(BURN_RATE_WINDOWS) as BurnRateWindow[];

/**
 * Assesses SLOs: an SLO with an `sli` from Prometheus (one instant query per
 * SLO reading every window: bad ÷ all events), any other from the time its
 * `slo_name` alerts fired. When Prometheus cannot answer, the numbers are
 * null and the budget says UNKNOWN and why.
 */
@Injectable()
export class SloBudgetsService {
  constructor(private readonly prometheus: PrometheusClient) {}

  async assess(slo: Slo, violations: SloViolationEntity[], now = new Date()): Promise<SloAssessment> {
    return slo.sli ? this.fromPrometheus(slo, now) : fromAlertTime(slo, violations, now);
  }

  private async fromPrometheus(slo: Slo, now: Date): Promise<SloAssessment> {
    let reading;
    try {
      reading = readSliResult(await this.prometheus.instantVector(sliReadingQuery(slo.sli!, slo.windowDays), now), slo.windowDays);
    } catch (error) {
      return unknown(slo, (error as Error).message);
    }
    const sloRatio = reading.errorRatios.SLO;
    const budget = sloRatio === null ? null : sliBudget(slo.ratio, sloRatio);
    return {
      budget: {
        source: BudgetSource.PROMETHEUS,
        status: reading.gaps.length ? BudgetStatus.UNKNOWN : BudgetStatus.KNOWN,
        unknownBecause: reading.gaps.length ? `Prometheus gave no usable ratio for ${reading.gaps.join('; ')}` : null,
        windowDays: slo.windowDays,
        remaining: budget?.remaining ?? null,
        consumed: budget?.consumed ?? null,
        errorRatio: sloRatio,
        allowedBadSeconds: null,
        badSeconds: null,
      },
      burnRates: Object.fromEntries(
        WINDOWS.map((window) => {
          const ratio = reading.errorRatios[window];
          return [window, ratio === null ? null : sliBurnRate(slo.ratio, ratio)];
        }),
      ) as Record<BurnRateWindow, number | null>,
    };
  }
}

function fromAlertTime(slo: Slo, violations: SloViolationEntity[], now: Date): SloAssessment {
  const intervals: Interval[] = violations.map((v) => ({ start: v.startedAt, end: v.endedAt }));
  const budget = errorBudget({ objective: slo.ratio, windowDays: slo.windowDays }, intervals, now);
  return {
    budget: {
      source: BudgetSource.ALERTS,
      status: BudgetStatus.KNOWN,
      unknownBecause: null,
      windowDays: slo.windowDays,
      remaining: budget.remaining,
      consumed: budget.consumed,
      errorRatio: null,
      allowedBadSeconds: budget.allowedBadSeconds,
      badSeconds: budget.badSeconds,
    },
    burnRates: Object.fromEntries(WINDOWS.map((window) => [window, burnRate(slo.ratio, intervals, window, now)])) as Record<BurnRateWindow, number>,
  };
}

function unknown(slo: Slo, because: string): SloAssessment {
  return {
    budget: {
      source: BudgetSource.PROMETHEUS,
      status: BudgetStatus.UNKNOWN,
      unknownBecause: because,
      windowDays: slo.windowDays,
      remaining: null,
      consumed: null,
      errorRatio: null,
      allowedBadSeconds: null,
      badSeconds: null,
    },
    burnRates: Object.fromEntries(WINDOWS.map((window) => [window, null])) as Record<BurnRateWindow, null>,
  };
}
