import { RequestContext } from '@companyos/platform';
import type { SloViolationEntity } from './slo-violation.entity';
import type { SloViolationsService } from './slo-violations.service';
import { LONGEST_WINDOW_DAYS } from './slos.service';

/** Each SLO's violations over the longest window, loaded once per request for every SLO asked for. */
export function violationsOf(ctx: RequestContext, violations: SloViolationsService, sloName: string): Promise<SloViolationEntity[]> {
  const since = new Date(Date.now() - LONGEST_WINDOW_DAYS * 86_400_000);
  return ctx.loaders.get('slo.violations', (names: readonly string[]) => violations.overlapping(names, since)).load(sloName) as Promise<
    SloViolationEntity[]
  >;
}
