import { Args, Directive, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { OnCallShift } from '../schedules/schedule.model';
import { SchedulesService } from '../schedules/schedules.service';
import { RunbookSuggestion } from '../suggestions/suggestion.model';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { Service } from './service.model';

@Resolver(() => Service)
export class ServicesResolver {
  constructor(
    private readonly suggestions: SuggestionsService,
    private readonly schedules: SchedulesService,
  ) {}

  @ResolveField(() => [OnCallShift], { description: "Who is on call now on the schedules listing this service." })
  onCall(@Parent() service: Service): Promise<OnCallShift[]> {
    return this.schedules.onCall({ services: [service.name] }, new Date());
  }

  @Query(() => Service, { description: 'A service by name, with what every domain knows of it.' })
  @Directive('@shareable')
  service(@Args('name') name: string): Service {
    return { name };
  }

  @ResolveField(() => [RunbookSuggestion], { description: "The service's active runbooks, ranked by past success on this service." })
  runbooks(@Parent() service: Service): Promise<RunbookSuggestion[]> {
    return this.suggestions.suggest({ services: [service.name] });
  }

  @ResolveReference()
  resolveReference(reference: { name: string }): Service {
    return { name: reference.name };
  }
}
