/** One SLO of a service as the alerts subgraph reports it; null = unknown. */
export interface SloReading {
  name: string;
  /** PROMETHEUS or ALERTS. */
  budgetSource: string;
  remaining: number | null;
  unknownBecause: string | null;
  burnRates: { m5: number | null; h1: number | null; h6: number | null; d3: number | null };
}

/** What the release gate decides on for a service; null where unknown, with why. */
export interface SloInputs {
  /** False: the service has no SLO, so there is no budget to check (not the same as unknown). */
  hasSlo: boolean;
  errorBudgetRemaining: number | null;
  fastBurnRate: number | null;
  slowBurnRate: number | null;
  unknownBecause: string | null;
}

/** Nothing could be read at all (the alerts subgraph unreachable…). */
export const unknownSloInputs = (reason: string): SloInputs => ({
  hasSlo: true,
  errorBudgetRemaining: null,
  fastBurnRate: null,
  slowBurnRate: null,
  unknownBecause: reason,
});

/** The lower of a long window's burn rate and its short window's; null if either is unknown. */
const confirmed = (long: number | null, short: number | null) => (long === null || short === null ? null : Math.min(long, short));

/**
 * The gate's inputs from a service's SLOs. The budget is the lowest of its
 * SLOs'. The burn rates are those of the multiwindow alerts (Google SRE
 * workbook, ch. 5): fast = the 1 h burn rate confirmed by the 5 min one,
 * slow = the 3 d burn rate confirmed by the 6 h one (the lower of each pair),
 * the highest over the SLOs. The short window makes a burn stop counting soon
 * after the burning does: a 259.2 s outage at 99.9 % sets the 3 d burn rate
 * to 1.0 for three days, but blocks the gate only while the 6 h window still
 * holds it (6 h), not for three days.
 *
 * An input is null (unknown) as soon as one SLO's is, since the unknown one
 * could be the worst; `unknownBecause` names each SLO and why. A service with
 * no SLO has no inputs to check: `hasSlo` false, every value null, no reason.
 */
export function gateSloInputs(slos: SloReading[]): SloInputs {
  if (!slos.length) return { hasSlo: false, errorBudgetRemaining: null, fastBurnRate: null, slowBurnRate: null, unknownBecause: null };
  const fast = slos.map((slo) => confirmed(slo.burnRates.h1, slo.burnRates.m5));
  const slow = slos.map((slo) => confirmed(slo.burnRates.d3, slo.burnRates.h6));
  const remaining = slos.map((slo) => slo.remaining);
  const reasons = slos
    .filter((slo, i) => slo.unknownBecause !== null || remaining[i] === null || fast[i] === null || slow[i] === null)
    .map((slo) => `SLO ${slo.name} (${slo.budgetSource}): ${slo.unknownBecause ?? 'some of its numbers are unknown'}`);
  const known = (values: (number | null)[]): values is number[] => values.every((value) => value !== null);
  return {
    hasSlo: true,
    errorBudgetRemaining: known(remaining) ? Math.min(...remaining) : null,
    fastBurnRate: known(fast) ? Math.max(...fast) : null,
    slowBurnRate: known(slow) ? Math.max(...slow) : null,
    unknownBecause: reasons.length ? reasons.join('; ') : null,
  };
}
