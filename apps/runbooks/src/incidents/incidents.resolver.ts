import { Directive, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toExecution } from '../executions/execution.mapper';
import { RunbookExecution } from '../executions/execution.model';
import { ExecutionsService } from '../executions/executions.service';
import { OnCallShift } from '../schedules/schedule.model';
import { SchedulesService } from '../schedules/schedules.service';
import { RunbookSuggestion } from '../suggestions/suggestion.model';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { Incident } from './incident.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly suggestions: SuggestionsService,
    private readonly schedules: SchedulesService,
  ) {}

  @ResolveField(() => [OnCallShift], { description: "Who was on call when the incident started, on the schedules of its affected services." })
  @Directive('@requires(fields: "affectedServices startedAt")')
  onCall(@Parent() incident: Incident): Promise<OnCallShift[]> {
    return this.schedules.onCall({ services: incident.affectedServices ?? [] }, incident.startedAt ? new Date(incident.startedAt) : new Date());
  }

  @ResolveField(() => [RunbookSuggestion], { description: "Runbooks for the incident's affected services, ranked by past success on each." })
  @Directive('@requires(fields: "affectedServices")')
  suggestedRunbooks(@Parent() incident: Incident): Promise<RunbookSuggestion[]> {
    return this.suggestions.suggest({ services: incident.affectedServices ?? [] });
  }

  @ResolveField(() => [RunbookExecution], { description: 'Runbook executions linked to the incident, newest first (at most 100).' })
  async runbookExecutions(@Parent() incident: Incident): Promise<RunbookExecution[]> {
    return (await this.executions.list({ incidentId: incident.id }, 100)).nodes;
  }

  @ResolveReference()
  resolveReference(reference: Incident): Incident {
    return reference;
  }
}
