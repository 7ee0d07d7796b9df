import { IncidentEventPayload, IncidentEvents, isNewerIncidentState } from '@companyos/contracts';
import { claimMessage, DomainEvent, eventMessageId, isUuid } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { KnowledgeProcessedMessageEntity } from '../knowledge/knowledge-messaging.entities';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { CopilotService } from '../copilot/copilot.service';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { factOf } from './incident-facts.rules';
import { IncidentFactsService } from './incident-facts.service';
import { IncidentRecordEntity } from './incident-record.entity';
import { mergeOlderEvent, nextIncidentState } from './incident-record.rules';

/**
 * Keeps the knowledge domain's incident records from the incidents domain's
 * lifecycle events, and drafts the postmortem of a severe incident when it
 * resolves (POSTMORTEM_AUTO_DRAFT_SEVERITIES).
 */
@Injectable()
export class IncidentRecordsService {
  private readonly logger = new Logger(IncidentRecordsService.name);

  constructor(
    private readonly tx: KnowledgeTransactions,
    private readonly postmortems: PostmortemsService,
    private readonly copilot: CopilotService,
    private readonly facts: IncidentFactsService,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  /**
   * Applies an event once (claimed in the same transaction as its effect).
   * Each event carries the incident's whole state and its version, so the
   * highest version wins (an older one only fills what the newer ones did not
   * carry); a resolution event drafts the postmortem even when it arrives
   * after a later one, since the draft is created at most once.
   */
  /**
   * Records what another domain said of an incident (an alert attached, a
   * runbook run, the deployment that caused it), once, and re-drafts its
   * postmortem if nobody has edited the draft yet.
   */
  applyFact(event: DomainEvent): Promise<void> {
    const fact = factOf(event);
    if (!fact || !isUuid(fact.incidentId)) return Promise.resolve();
    return this.tx.run(async (uow) => {
      if (!(await claimMessage(uow.manager, KnowledgeProcessedMessageEntity, eventMessageId(event)))) return;
      const record = await uow.manager.findOne(IncidentRecordEntity, { where: { incidentId: fact.incidentId }, lock: { mode: 'pessimistic_write' } });
      await this.facts.record(uow.manager, fact);
      if (record) await this.postmortems.refreshAutoDraft(uow, record);
    });
  }

  apply(event: DomainEvent<IncidentEventPayload>): Promise<void> {
    const occurredAt = new Date(event.occurredAt);
    return this.tx.run(async (uow) => {
      if (!(await claimMessage(uow.manager, KnowledgeProcessedMessageEntity, eventMessageId(event)))) return;
      const { incidentId } = event.payload;
      const first = nextIncidentState(null, event.payload, occurredAt);
      await uow.manager
        .createQueryBuilder()
        .insert()
        .into(IncidentRecordEntity)
        .values({ incidentId, ...first, eventAt: new Date(0) })
        .orIgnore()
        .execute();
      const record = await uow.manager.findOneOrFail(IncidentRecordEntity, { where: { incidentId }, lock: { mode: 'pessimistic_write' } });
      const { version } = event.payload;
      const newer = isNewerIncidentState({ version, occurredAt }, record);
      const older = !newer && version < record.version ? mergeOlderEvent(record, event.payload, occurredAt) : null;
      if (newer || older) {
        Object.assign(record, older ?? { ...nextIncidentState(record.version === 0 ? null : record, event.payload, occurredAt), eventAt: occurredAt, version });
        await uow.manager.save(record);
        await this.copilot.refreshSearch(uow.manager, incidentId);
        // A draft nobody has edited yet follows what is learnt of the incident (a late event, a reopen and resolve).
        await this.postmortems.refreshAutoDraft(uow, record);
      }
      if (event.type === IncidentEvents.Resolved && this.config.autoDraftSeverities.includes(event.payload.severity)) {
        const draft = await this.postmortems.autoDraft(uow, record);
        if (draft) this.logger.log(`drafted postmortem ${draft.id} of incident #${record.number}`);
      }
    });
  }
}
