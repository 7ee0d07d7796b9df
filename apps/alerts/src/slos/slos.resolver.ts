import { RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, Float, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateSloInput, UpdateSloInput } from './dto/slo.input';
import { burnAlert } from './error-budget';
import { assessmentOf } from './slo-assessments.loader';
import { SloBudgetsService } from './slo-budgets.service';
import { violationsOf } from './slo-violations.loader';
import { SloViolationsService } from './slo-violations.service';
import { toSlo, toSloViolation } from './slo.mapper';
import { BurnAlertState, BurnRateWindowName, ErrorBudget, Slo, SloViolation } from './slo.model';
import { SlosService } from './slos.service';

@Resolver(() => Slo)
export class SlosResolver {
  constructor(
    private readonly slosService: SlosService,
    private readonly violationsService: SloViolationsService,
    private readonly budgets: SloBudgetsService,
  ) {}

  @Query(() => Slo, { description: 'One SLO by name; SLO_NOT_FOUND if there is none.' })
  async slo(@Args('name') name: string): Promise<Slo> {
    return toSlo(await this.slosService.findByName(name));
  }

  @Query(() => [Slo], { description: 'SLOs by name, optionally of one service.' })
  async slos(@Args('service', { type: () => String, nullable: true }) service?: string): Promise<Slo[]> {
    return (await this.slosService.list(service)).map(toSlo);
  }

  @Query(() => String, {
    description:
      'The recording rules and multiwindow, multi-burn-rate alerts of an SLO measured by Prometheus, as Sloth generates them (Prometheus rule-file YAML). SLO_HAS_NO_SLI for an SLO without an sli.',
  })
  sloPrometheusRules(@Args('name') name: string): Promise<string> {
    return this.slosService.prometheusRules(name);
  }

  @RequiresRole('admin')

  @Mutation(() => Slo)
  async createSlo(@Args('input') input: CreateSloInput): Promise<Slo> {
    return toSlo(await this.slosService.create(input));
  }

  @RequiresRole('admin')

  @Mutation(() => Slo)
  async updateSlo(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateSloInput): Promise<Slo> {
    return toSlo(await this.slosService.update(id, input));
  }

  @RequiresRole('admin')

  @Mutation(() => Slo, { description: 'Deletes the SLO; its recorded violations stay (they are keyed by name).' })
  async deleteSlo(@Args('id', { type: () => ID }) id: string): Promise<Slo> {
    return toSlo(await this.slosService.delete(id));
  }

  @ResolveField(() => ErrorBudget, { description: 'From Prometheus (budgetSource PROMETHEUS) or alert time (ALERTS); numbers null and status UNKNOWN when unknown.' })
  async errorBudget(@Parent() slo: Slo, @Context() ctx: RequestContext): Promise<ErrorBudget> {
    return (await this.assessment(slo, ctx)).budget;
  }

  @ResolveField(() => Float, {
    nullable: true,
    description: 'How fast the budget burns over the window: 1 spends exactly the budget over the SLO window. Null when unknown (see errorBudget.unknownBecause).',
  })
  async burnRate(
    @Parent() slo: Slo,
    @Args('window', { type: () => BurnRateWindowName }) window: BurnRateWindowName,
    @Context() ctx: RequestContext,
  ): Promise<number | null> {
    return (await this.assessment(slo, ctx)).burnRates[window];
  }

  @ResolveField(() => BurnAlertState, { nullable: true, description: 'Null when a burn rate it needs is unknown.' })
  async burnAlert(@Parent() slo: Slo, @Context() ctx: RequestContext): Promise<BurnAlertState | null> {
    return burnAlert((await this.assessment(slo, ctx)).burnRates) as BurnAlertState | null;
  }

  @ResolveField(() => [SloViolation], { description: 'Violations within the last 30 days, newest first.' })
  async violations(@Parent() slo: Slo, @Context() ctx: RequestContext): Promise<SloViolation[]> {
    const rows = await violationsOf(ctx, this.violationsService, slo.name);
    return [...rows].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).map(toSloViolation);
  }

  private assessment(slo: Slo, ctx: RequestContext) {
    return assessmentOf(ctx, this.budgets, this.violationsService, slo);
  }
}
