import { RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, Float, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateSloInput, UpdateSloInput } from './dto/slo.input';
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
  ) {}

  @Query(() => Slo, { description: 'One SLO by name; SLO_NOT_FOUND if there is none.' })
  async slo(@Args('name') name: string): Promise<Slo> {
    return toSlo(await this.slosService.findByName(name));
  }

  @Query(() => [Slo], { description: 'SLOs by name, optionally of one service.' })
  async slos(@Args('service', { type: () => String, nullable: true }) service?: string): Promise<Slo[]> {
    return (await this.slosService.list(service)).map(toSlo);
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

  @ResolveField(() => ErrorBudget)
  async errorBudget(@Parent() slo: Slo, @Context() ctx: RequestContext): Promise<ErrorBudget> {
    return { windowDays: slo.windowDays, ...this.slosService.budget(slo, await violationsOf(ctx, this.violationsService, slo.name)) };
  }

  @ResolveField(() => Float, { description: 'How fast the budget burns over the window: 1 spends exactly the budget over the SLO window.' })
  async burnRate(
    @Parent() slo: Slo,
    @Args('window', { type: () => BurnRateWindowName }) window: BurnRateWindowName,
    @Context() ctx: RequestContext,
  ): Promise<number> {
    return this.slosService.burnRate(slo, await violationsOf(ctx, this.violationsService, slo.name), window);
  }

  @ResolveField(() => BurnAlertState)
  async burnAlert(@Parent() slo: Slo, @Context() ctx: RequestContext): Promise<BurnAlertState> {
    return this.slosService.burnAlert(slo, await violationsOf(ctx, this.violationsService, slo.name)) as BurnAlertState;
  }

  @ResolveField(() => [SloViolation], { description: 'Violations within the last 30 days, newest first.' })
  async violations(@Parent() slo: Slo, @Context() ctx: RequestContext): Promise<SloViolation[]> {
    const rows = await violationsOf(ctx, this.violationsService, slo.name);
    return [...rows].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).map(toSloViolation);
  }
}
