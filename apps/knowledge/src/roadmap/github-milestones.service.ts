import { GithubMilestone, githubIssueMilestones, githubMilestoneEvent } from '@companyos/contracts';
import { claimMessage, deliveryMessageId, WebhookDelivery } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { KnowledgeProcessedMessageEntity } from '../knowledge/knowledge-messaging.entities';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { RoadmapService } from './roadmap.service';

export type MilestoneOutcome = 'applied' | 'unlinked' | 'duplicate' | 'ignored';

/**
 * Roadmap progress from GitHub: a `milestone` delivery, or an `issues`
 * delivery of an issue in a milestone (the counts change with its issues and
 * GitHub sends no `milestone` event then), sets the progress of the roadmap
 * items linked to that milestone. One delivery applies once.
 */
@Injectable()
export class GithubMilestones {
  private readonly logger = new Logger(GithubMilestones.name);

  constructor(
    private readonly tx: KnowledgeTransactions,
    private readonly roadmap: RoadmapService,
  ) {}

  async apply(delivery: WebhookDelivery): Promise<MilestoneOutcome> {
    const milestone = milestoneOf(delivery);
    if (!milestone) return 'ignored';
    return this.tx.run(async ({ manager }) => {
      if (!(await claimMessage(manager, KnowledgeProcessedMessageEntity, deliveryMessageId(delivery)))) return 'duplicate';
      const changed = await this.roadmap.applyMilestone(manager, milestone);
      if (changed.length) this.logger.log(`milestone ${milestone.html_url}: progress of ${changed.map((item) => item.key).join(', ')} set`);
      return changed.length ? 'applied' : 'unlinked';
    });
  }
}

/** The milestone a delivery carries, if any (a deleted milestone's last counts are not progress). */
function milestoneOf(delivery: WebhookDelivery): GithubMilestone | null {
  if (delivery.event === 'milestone') {
    const event = githubMilestoneEvent.parse(delivery.payload);
    return event.action === 'deleted' ? null : event.milestone;
  }
  if (delivery.event === 'issues') {
    const event = githubIssueMilestones.parse(delivery.payload);
    return event.milestone ?? event.issue.milestone ?? null;
  }
  return null;
}
