import { Directive, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Escalation } from '../escalations/escalation-policy.model';
import { EscalationsService } from '../escalations/escalations.service';
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
    private readonly escalations: EscalationsService,
  ) {}

  @ResolveField('escalations', () => [Escalation], { description: 'Escalation policies run for the incident, with every page and its outcome.' })
  async escalationsOf(@Parent() incident: Incident): Promise<Escalation[]> {
    const escalations = await this.escalations.escalationsOf(incident.id);
    return Promise.all(
      escalations.map(async (e) => ({
        id: e.id,
        policy: e.policy.name,
        status: e.status,
        stopReason: e.stopReason,
        startedAt: e.startedAt,
        stoppedAt: e.stoppedAt,
        pages: (await this.escalations.pagesOf(e.id)).map((p) => ({ level: p.level + 1, round: p.round + 1, target: p.target, channel: p.channel, action: p.action, outcome: p.outcome, attempts: p.attempts, error: p.error, sentAt: p.sentAt })),
      })),
    );
  }

  @ResolveField(() => [OnCallShift], { description: "Who was on call when the incident started, on the schedules of its affected services." })
  @Directive('@requires(fields: "affectedServices startedAt")')
  onCall(@Parent() incident: Incident): Promise<OnCallShift[]> {
    return this.schedules.onCall({ services: incident.affectedServices ?? [] }, incident.startedAt ? new Date(incident.startedAt) : new Date());
  }

  @ResolveField(() => [RunbookSuggestion], {
    description:
      "Runbooks for the incident: the ones its alerts' runbook_url name, then those handling its alerts' names, then those covering its affected services; within each, ranked by past success.",
  })
  @Directive('@requires(fields: "affectedServices alerts { alertName runbookUrl }")')
  suggestedRunbooks(@Parent() incident: Incident): Promise<RunbookSuggestion[]> {
    return this.suggestions.suggestForIncident(incident.alerts ?? [], incident.affectedServices ?? []);
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
