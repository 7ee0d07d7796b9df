import { Directive, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { RunbookSuggestion } from '../suggestions/suggestion.model';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { Alert } from './alert.model';

@Resolver(() => Alert)
export class AlertsResolver {
  constructor(private readonly suggestions: SuggestionsService) {}

  @ResolveField(() => [RunbookSuggestion], {
    description: "Runbooks for the alert: the one its runbook_url names, then those handling its name, then its service's; each ranked by past success.",
  })
  @Directive('@requires(fields: "alertName service runbookUrl")')
  suggestedRunbooks(@Parent() alert: Alert): Promise<RunbookSuggestion[]> {
    return this.suggestions.suggest({ alertName: alert.alertName ?? null, runbookUrl: alert.runbookUrl ?? null, services: alert.service ? [alert.service] : [] });
  }

  @ResolveReference()
  resolveReference(reference: Alert): Alert {
    return reference;
  }
}
