import { RequestContext } from '@companyos/platform';
import type { SloAssessment, SloBudgetsService } from './slo-budgets.service';
import type { SloViolationsService } from './slo-violations.service';
import { violationsOf } from './slo-violations.loader';
import type { Slo } from './slo.model';

/**
 * Each SLO's assessment, made once per request (one Prometheus query or one
 * violations load per SLO, whatever number of fields ask for it), all as of
 * the same instant.
 */
export function assessmentOf(ctx: RequestContext, budgets: SloBudgetsService, violations: SloViolationsService, slo: Slo): Promise<SloAssessment> {
  const now = new Date();
  return ctx.loaders
    .get('slo.assessment', (keys: readonly Slo[]) =>
      Promise.all(keys.map(async (key) => budgets.assess(key, key.sli ? [] : await violationsOf(ctx, violations, key.name), now))),
    )
    .load(slo) as Promise<SloAssessment>;
}
