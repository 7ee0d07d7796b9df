import { Directive, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { toExecution } from '../executions/execution.mapper';
import { RunbookExecution } from '../executions/execution.model';
import { ExecutionsService } from '../executions/executions.service';
import { RunbookSuggestion } from '../suggestions/suggestion.model';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { Incident } from './incident.model';

@Resolver(() => Incident)
export class IncidentsResolver {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly suggestions: SuggestionsService,
  ) {}

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
  resolveReference(reference: { id: string; affectedServices?: string[] }): Incident {
    return reference;
  }
}
