import { actorOf, PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Alert } from '../alerts/alert.model';
import { Incident } from '../incidents/incident.model';
import { toRunbook } from '../runbooks/runbook.mapper';
import { Runbook } from '../runbooks/runbook.model';
import { RunbooksService } from '../runbooks/runbooks.service';
import { RunbookExecutionsFilter, StartRunbookExecutionInput, UpdateRunbookExecutionInput } from './dto/execution.input';
import { toExecution } from './execution.mapper';
import { RunbookExecution, RunbookExecutionConnection } from './execution.model';
import { ExecutionsService } from './executions.service';

@Resolver(() => RunbookExecution)
export class ExecutionsResolver {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly runbooks: RunbooksService,
  ) {}

  @Query(() => RunbookExecution, { description: 'One execution; RUNBOOK_EXECUTION_NOT_FOUND if there is none.' })
  async runbookExecution(@Args('id', { type: () => ID }) id: string): Promise<RunbookExecution> {
    return toExecution(await this.executions.findById(id));
  }

  @Query(() => RunbookExecutionConnection, { description: 'Executions, newest first.' })
  runbookExecutions(
    @Args('filter', { type: () => RunbookExecutionsFilter, nullable: true }) filter: RunbookExecutionsFilter | undefined,
    @Args() page: PageArgs,
  ) {
    return this.executions.list(filter, page.first, page.after);
  }

  @RequiresRole('responder')
  @Mutation(() => RunbookExecution, { description: 'Starts running a runbook (on a snapshot of its current version). RUNBOOK_NOT_FOUND, RUNBOOK_RETIRED.' })
  async startRunbookExecution(@Args('input') input: StartRunbookExecutionInput, @Context() ctx: RequestContext): Promise<RunbookExecution> {
    return toExecution(await this.executions.start(input, actorOf(ctx)));
  }

  @RequiresRole('responder')
  @Mutation(() => RunbookExecution, {
    description:
      'Reports progress: steps never go back (RUNBOOK_EXECUTION_STEPS_BACKWARDS), a final status finishes it, a finished one cannot change (RUNBOOK_EXECUTION_ALREADY_FINISHED).',
  })
  async updateRunbookExecution(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateRunbookExecutionInput,
    @Context() ctx: RequestContext,
  ): Promise<RunbookExecution> {
    return toExecution(await this.executions.update(id, input, actorOf(ctx)));
  }

  @ResolveField(() => Runbook, { description: 'The runbook as it is now (the snapshot is what was run).' })
  async runbook(@Parent() execution: RunbookExecution, @Context() ctx: RequestContext): Promise<Runbook> {
    const runbook = await ctx.loaders.get('runbook.byId', (ids: readonly string[]) => this.runbooks.byIds(ids)).load(execution.runbookId);
    return toRunbook(runbook!);
  }

  @ResolveField(() => Incident, { nullable: true, description: 'The incident it was run for.' })
  incident(@Parent() execution: RunbookExecution): Incident | null {
    return execution.incidentId ? { id: execution.incidentId } : null;
  }

  @ResolveField(() => Alert, { nullable: true, description: 'The alert it answered.' })
  alert(@Parent() execution: RunbookExecution): Alert | null {
    return execution.alertId ? { id: execution.alertId } : null;
  }
}
