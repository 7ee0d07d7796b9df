import { RequestContext } from '@companyos/platform';
import { Args, Context, Directive, Float, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toAlert } from '../alerts/alert.mapper';
import { Alert } from '../alerts/alert.model';
import { AlertsService } from '../alerts/alerts.service';
import { assessmentOf } from '../slos/slo-assessments.loader';
import { SloBudgetsService } from '../slos/slo-budgets.service';
import { SloViolationsService } from '../slos/slo-violations.service';
import { toSlo } from '../slos/slo.mapper';
import { Slo } from '../slos/slo.model';
import { SlosService } from '../slos/slos.service';
import { Service } from './service.model';

@Resolver(() => Service)
export class ServicesResolver {
  constructor(
    private readonly alertsService: AlertsService,
    private readonly slosService: SlosService,
    private readonly violations: SloViolationsService,
    private readonly budgets: SloBudgetsService,
  ) {}

  @Query(() => Service, { description: 'A service by name, with what every domain knows of it.' })
  @Directive('@shareable')
  service(@Args('name') name: string): Service {
    return { name };
  }

  @ResolveField(() => [Alert], { description: 'Alerts of this service firing now, newest first.' })
  async firingAlerts(@Parent() service: Service, @Context() ctx: RequestContext): Promise<Alert[]> {
    const loader = ctx.loaders.get('service.firingAlerts', (names: readonly string[]) => this.alertsService.firingByServices(names));
    return (await loader.load(service.name)).map(toAlert);
  }

  @ResolveField(() => [Slo])
  slos(@Parent() service: Service, @Context() ctx: RequestContext): Promise<Slo[]> {
    return this.slosOf(service, ctx);
  }

  @ResolveField(() => Float, {
    nullable: true,
    description:
      "The smallest remaining error budget (1 = untouched, negative = overspent) of the service's SLOs; null when it has none, or when one of them is unknown (its errorBudget says why).",
  })
  async errorBudgetRemaining(@Parent() service: Service, @Context() ctx: RequestContext): Promise<number | null> {
    const slos = await this.slosOf(service, ctx);
    if (!slos.length) return null;
    const remaining = await Promise.all(slos.map(async (slo) => (await assessmentOf(ctx, this.budgets, this.violations, slo)).budget.remaining));
    return remaining.some((value) => value === null) ? null : Math.min(...(remaining as number[]));
  }

  @ResolveReference()
  resolveReference(reference: { name: string }): Service {
    return { name: reference.name };
  }

  private slosOf(service: Service, ctx: RequestContext) {
    const loader = ctx.loaders.get('service.slos', async (names: readonly string[]) =>
      (await this.slosService.byServices(names)).map((slos) => slos.map(toSlo)),
    );
    return loader.load(service.name) as Promise<Slo[]>;
  }
}
