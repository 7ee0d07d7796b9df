import type { GithubIssuesEvent } from '@companyos/contracts';
import { claimMessage, deliveryMessageId, WebhookDelivery } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { IncidentProcessedMessageEntity } from '../incidents/incident-messaging.entities';
import { IncidentEntity } from '../incidents/incident.entity';
import { IncidentSource } from '../incidents/incident.enums';
import { IncidentsService } from '../incidents/incidents.service';
import { DEFAULT_SEVERITY, firstAssignee, planIssue, severityFromLabels } from './github-issue.rules';

export type SyncOutcome = 'duplicate' | 'ignored' | 'declared' | 'changed';

/**
 * Mirrors GitHub issues labelled `incident` as incidents. Each delivery is
 * applied at most once: its id is claimed in the same transaction as its
 * effect, and the incident row is locked while the delivery is planned.
 */
@Injectable()
export class GithubIssueSync {
  private readonly logger = new Logger(GithubIssueSync.name);

  constructor(private readonly incidents: IncidentsService) {}

  apply(delivery: WebhookDelivery<GithubIssuesEvent>): Promise<SyncOutcome> {
    const event = delivery.payload;
    const actor = `github:${event.sender.login}`;
    return this.incidents.run(async (uow) => {
      if (!(await claimMessage(uow.manager, IncidentProcessedMessageEntity, deliveryMessageId(delivery)))) {
        return 'duplicate';
      }
      const tracked = await uow.manager.findOne(IncidentEntity, {
        where: { githubIssueId: String(event.issue.id) },
        lock: { mode: 'pessimistic_write' },
      });
      const plan = planIssue(event, tracked);
      switch (plan.type) {
        case 'ignore':
          this.logger.debug(`delivery ${delivery.deliveryId} (${event.action}) ignored: ${plan.reason}`);
          return 'ignored';
        case 'declare':
          await this.incidents.declare(
            uow,
            {
              title: event.issue.title,
              severity: severityFromLabels(event.issue.labels) ?? DEFAULT_SEVERITY,
              commander: firstAssignee(event),
              source: IncidentSource.GITHUB,
              startedAt: new Date(event.issue.created_at),
              github: {
                issueId: String(event.issue.id),
                repository: event.repository.full_name,
                number: event.issue.number,
                url: event.issue.html_url,
              },
            },
            actor,
          );
          return 'declared';
        case 'change':
          await this.incidents.change(
            uow,
            tracked!,
            {
              fields: { title: plan.title, severity: plan.severity, commander: plan.commander },
              lifecycle: plan.resolveAt ? { type: 'resolve', at: plan.resolveAt } : plan.reopen ? { type: 'reopen' } : undefined,
              resolution: plan.resolveAt ? `GitHub issue ${event.repository.full_name}#${event.issue.number} closed` : undefined,
            },
            actor,
          );
          return 'changed';
      }
    });
  }
}
