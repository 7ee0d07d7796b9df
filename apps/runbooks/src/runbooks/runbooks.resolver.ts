import { PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { StalenessService } from '../deployments/staleness.service';
import { RunbooksFilter } from './dto/runbooks-filter.input';
import { SyncRunbooksArgs } from './dto/sync-runbooks.args';
import { RunbookSyncService } from './runbook-sync.service';
import { toRunbook } from './runbook.mapper';
import { Runbook, RunbookConnection, RunbookStats, RunbookSyncResult } from './runbook.model';
import { RunbooksService } from './runbooks.service';

@Resolver(() => Runbook)
export class RunbooksResolver {
  constructor(
    private readonly catalog: RunbooksService,
    private readonly sync: RunbookSyncService,
    private readonly staleness: StalenessService,
  ) {}

  @Query(() => Runbook, { description: 'One runbook by id (retired ones too); RUNBOOK_NOT_FOUND if there is none.' })
  async runbook(@Args('id', { type: () => ID }) id: string): Promise<Runbook> {
    return toRunbook(await this.catalog.findById(id));
  }

  @Query(() => RunbookConnection, { description: 'The catalog in the order runbooks were added (active ones unless includeRetired).' })
  runbooks(@Args('filter', { type: () => RunbooksFilter, nullable: true }) filter: RunbooksFilter | undefined, @Args() page: PageArgs) {
    return this.catalog.list(filter, page.first, page.after);
  }

  @RequiresRole('admin')
  @Mutation(() => RunbookSyncResult, {
    description: 'Syncs the catalog from RUNBOOKS_DIR (creates, updates by path and hash, retires runbooks whose file is gone), or from the YAML given (creates and updates only). One bad file never fails the sync: it is listed in errors with its line.',
  })
  syncRunbooks(@Args() { yaml }: SyncRunbooksArgs): Promise<RunbookSyncResult> {
    return yaml === undefined || yaml === null ? this.sync.syncDirectory() : this.sync.syncPosted(yaml);
  }

  @ResolveField(() => Boolean, { description: 'Its services have had RUNBOOK_STALE_AFTER_DEPLOYS production deployments since its last successful run.' })
  async stale(@Parent() runbook: Runbook, @Context() ctx: RequestContext): Promise<boolean> {
    return (await this.stalenessOf(runbook, ctx)).stale;
  }

  @ResolveField(() => Int, { description: 'Successful production deployments of its services since its last successful run (since it was added, if never).' })
  async deploymentsSinceLastSuccess(@Parent() runbook: Runbook, @Context() ctx: RequestContext): Promise<number> {
    return (await this.stalenessOf(runbook, ctx)).deploymentsSinceLastSuccess;
  }

  private stalenessOf(runbook: Runbook, ctx: RequestContext) {
    return ctx.loaders.get('runbook.staleness', (ids: readonly string[]) => this.staleness.of(ids)).load(runbook.id);
  }

  @ResolveField(() => RunbookStats)
  async stats(@Parent() runbook: Runbook, @Context() ctx: RequestContext): Promise<RunbookStats> {
    return ctx.loaders.get('runbook.stats', (ids: readonly string[]) => this.catalog.stats(ids)).load(runbook.id);
  }
}
