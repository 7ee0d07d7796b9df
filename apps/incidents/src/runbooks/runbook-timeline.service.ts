import { EscalationEventPayload, RunbookEvents, RunbookExecutionEventPayload } from '@companyos/contracts';
import { claimMessage, DomainEvent, eventMessageId, isUuid } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { IncidentProcessedMessageEntity } from '../incidents/incident-messaging.entities';
import { IncidentEntity } from '../incidents/incident.entity';
import { TimelineEntryKind } from '../incidents/incident.enums';
import { IncidentsService } from '../incidents/incidents.service';

export type RunbookEventOutcome = 'duplicate' | 'ignored' | 'recorded';

/** The timeline message of a runbook execution's start or end. */
export function runbookTimelineMessage(type: string, execution: RunbookExecutionEventPayload): string {
  const runbook = `Runbook "${execution.runbookTitle}" (v${execution.runbookVersion})`;
  if (type === RunbookEvents.ExecutionStarted) return `${runbook} started by ${execution.triggeredBy} (execution ${execution.executionId})`;
  return `${runbook} ${execution.status.toLowerCase()}: ${execution.stepsCompleted} of ${execution.stepsTotal} steps (execution ${execution.executionId})`;
}

/** The timeline message of a page (who, level, outcome) or of a level with nobody to page. */
export function escalationTimelineMessage(page: EscalationEventPayload): string {
  const where = `escalation policy ${page.policy}, level ${page.level}, round ${page.round}`;
  if (page.action && page.action !== 'trigger') {
    return `PagerDuty ${page.action} (escalation policy ${page.policy}): ${page.outcome}${page.detail ? ` (${page.detail})` : ''}`;
  }
  if (page.outcome === 'skipped') return `Nobody to page (${where}): ${page.detail ?? 'nobody on call'}`;
  return `Paged ${page.target} via ${page.channel} (${where}): ${page.outcome}${page.detail ? ` (${page.detail})` : ''}`;
}

const ESCALATION_EVENTS: string[] = [RunbookEvents.EscalationPage, RunbookEvents.EscalationLevelSkipped];

/** Records on an incident's timeline the start and end of runbook executions linked to it, and escalation pages (each event once). */
@Injectable()
export class RunbookTimeline {
  constructor(private readonly incidents: IncidentsService) {}

  apply(event: DomainEvent): Promise<RunbookEventOutcome> {
    return this.incidents.run(async (uow) => {
      if (!(await claimMessage(uow.manager, IncidentProcessedMessageEntity, eventMessageId(event)))) return 'duplicate';
      if (ESCALATION_EVENTS.includes(event.type)) {
        const page = event.payload as EscalationEventPayload;
        if (!page.incidentId || !isUuid(page.incidentId) || !(await uow.manager.existsBy(IncidentEntity, { id: page.incidentId }))) return 'ignored';
        await this.incidents.appendTimeline(uow, page.incidentId, 'system', [
          { kind: TimelineEntryKind.NOTE, message: escalationTimelineMessage(page), changes: { page: { from: null, to: { level: page.level, target: page.target, outcome: page.outcome } } } },
        ]);
        return 'recorded';
      }
      if (event.type !== RunbookEvents.ExecutionStarted && event.type !== RunbookEvents.ExecutionFinished) return 'ignored';
      const execution = event.payload as RunbookExecutionEventPayload;
      // An execution may name an incident this domain does not know: nothing to record then.
      if (!execution.incidentId || !isUuid(execution.incidentId)) return 'ignored';
      if (!(await uow.manager.existsBy(IncidentEntity, { id: execution.incidentId }))) return 'ignored';
      const actor = event.type === RunbookEvents.ExecutionStarted ? execution.triggeredBy : (execution.actor ?? execution.triggeredBy);
      await this.incidents.appendTimeline(uow, execution.incidentId, actor, [
        {
          kind: TimelineEntryKind.NOTE,
          message: runbookTimelineMessage(event.type, execution),
          changes: { runbookExecution: { from: null, to: { id: execution.executionId, status: execution.status } } },
        },
      ]);
      return 'recorded';
    });
  }
}
