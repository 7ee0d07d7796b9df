import { decodeCursor, domainEvent, DomainError, ErrorKind, isUuid, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ActionItemsService } from '../action-items/action-items.service';
import { CopilotService } from '../copilot/copilot.service';
import { draftFacts } from '../incidents/incident-facts.rules';
import { IncidentFactsService } from '../incidents/incident-facts.service';
import { IncidentRecordEntity } from '../incidents/incident-record.entity';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { CreatePostmortemInput, PostmortemsFilter, UpdatePostmortemInput } from './dto/postmortem.input';
import { PostmortemEntity } from './postmortem.entity';
import { PostmortemStatus } from './postmortem.enums';
import { PostmortemError } from './postmortem.errors';
import { toPostmortem } from './postmortem.mapper';
import { assertEditable, assertTransition, draftFromIncident } from './postmortem.rules';

/** Events of the knowledge domain (no other domain subscribes yet; the outbox keeps them). */
export const PostmortemEvents = {
  Drafted: 'postmortem.drafted',
  Published: 'postmortem.published',
} as const;

const SECTION_FIELDS = ['summary', 'impact', 'rootCauseAnalysis', 'trigger', 'detection', 'resolution'] as const;

/** Postmortems: one per incident, written by people or drafted when a severe incident resolves, frozen once published. */
@Injectable()
export class PostmortemsService {
  constructor(
    private readonly tx: KnowledgeTransactions,
    private readonly actionItems: ActionItemsService,
    private readonly copilot: CopilotService,
    private readonly facts: IncidentFactsService,
  ) {}

  create(input: CreatePostmortemInput, actor: string): Promise<PostmortemEntity> {
    return this.tx.run(async (uow) => {
      const incident = await uow.manager.findOneBy(IncidentRecordEntity, { incidentId: input.incidentId });
      if (!incident) {
        throw new DomainError(
          PostmortemError.IncidentNotFound,
          `incidentId: incident ${input.incidentId} is not known to the knowledge domain (unknown, or declared a moment ago: retry shortly)`,
        );
      }
      const postmortem = uow.manager.create(PostmortemEntity, {
        incidentId: input.incidentId,
        title: input.title.trim(),
        lessons: { wentWell: [], wentWrong: [], gotLucky: [] },
        ...this.sections(input),
        createdBy: actor,
      });
      const saved = await this.insertOnce(uow, postmortem);
      await this.actionItems.addAll(uow, saved, input.actionItems ?? []);
      await this.copilot.refreshSearch(uow.manager, saved.incidentId);
      uow.events.push(domainEvent(PostmortemEvents.Drafted, saved.id, { postmortemId: saved.id, incidentId: saved.incidentId, autoDrafted: false }));
      return saved;
    });
  }

  update(id: string, input: UpdatePostmortemInput, actor: string): Promise<PostmortemEntity> {
    return this.tx.run(async (uow) => {
      const postmortem = isUuid(id) ? await uow.manager.findOne(PostmortemEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!postmortem) throw new DomainError(PostmortemError.NotFound, `postmortem ${id} does not exist`);
      assertEditable(id, postmortem.status);
      postmortem.lastEditedAt = new Date();
      if (input.title !== undefined) postmortem.title = input.title.trim();
      Object.assign(postmortem, this.sections(input, postmortem));
      if (input.status !== undefined && input.status !== postmortem.status) {
        assertTransition(id, postmortem.status, input.status, postmortem.rootCauseAnalysis);
        postmortem.status = input.status;
        if (input.status === PostmortemStatus.PUBLISHED) {
          Object.assign(postmortem, { publishedAt: new Date(), publishedBy: actor });
          uow.events.push(domainEvent(PostmortemEvents.Published, id, { postmortemId: id, incidentId: postmortem.incidentId }));
        }
      }
      const saved = await uow.manager.save(postmortem);
      await this.copilot.refreshSearch(uow.manager, saved.incidentId);
      return saved;
    });
  }

  /**
   * Drafts the postmortem of a resolved incident, once: an incident that
   * already has one (drafted before, or written by a person) keeps it.
   * Returns the new draft, or null when there was one already.
   */
  async autoDraft(uow: UnitOfWork, incident: IncidentRecordEntity): Promise<PostmortemEntity | null> {
    const draft = await this.draft(uow, incident);
    const result = await uow.manager
      .createQueryBuilder()
      .insert()
      .into(PostmortemEntity)
      .values({ incidentId: incident.incidentId, ...draft, autoDrafted: true, createdBy: 'companyos' })
      .orIgnore()
      .returning('*')
      .execute();
    if (!result.raw.length) return null;
    const saved = await uow.manager.findOneByOrFail(PostmortemEntity, { incidentId: incident.incidentId });
    await this.copilot.refreshSearch(uow.manager, incident.incidentId);
    uow.events.push(domainEvent(PostmortemEvents.Drafted, saved.id, { postmortemId: saved.id, incidentId: saved.incidentId, autoDrafted: true }));
    return saved;
  }

  /** Re-drafts an auto-draft no one has edited yet from the incident as now known; anything else is left alone. */
  async refreshAutoDraft(uow: UnitOfWork, incident: IncidentRecordEntity): Promise<void> {
    const draft = await this.draft(uow, incident);
    await uow.manager
      .createQueryBuilder()
      .update(PostmortemEntity)
      .set({
        title: draft.title,
        summary: draft.summary,
        impact: draft.impact,
        detection: draft.detection,
        resolution: draft.resolution,
        trigger: draft.trigger,
        timeline: draft.timeline,
      })
      .where({ incidentId: incident.incidentId, autoDrafted: true, status: PostmortemStatus.DRAFT })
      .andWhere('last_edited_at IS NULL')
      .execute();
  }

  /** The draft of an incident as now known: its own record, and what other domains said of it. */
  private async draft(uow: UnitOfWork, incident: IncidentRecordEntity) {
    return draftFromIncident(incident, draftFacts(await this.facts.of(uow.manager, incident.incidentId)));
  }

  async findById(id: string): Promise<PostmortemEntity> {
    const postmortem = isUuid(id) ? await this.tx.dataSource.manager.findOneBy(PostmortemEntity, { id }) : null;
    if (!postmortem) throw new DomainError(PostmortemError.NotFound, `postmortem ${id} does not exist`);
    return postmortem;
  }

  async list(filter: PostmortemsFilter = {}, first = 50, after?: string) {
    const query = this.tx.dataSource.manager.createQueryBuilder(PostmortemEntity, 'p');
    if (filter.status?.length) query.andWhere('p.status IN (:...status)', { status: filter.status });
    if (filter.incidentId) query.andWhere('p.incident_id = :incidentId', { incidentId: filter.incidentId });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('p.seq < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('p.seq', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), toPostmortem);
  }

  async byIncidents(incidentIds: readonly string[]): Promise<(PostmortemEntity | null)[]> {
    const valid = incidentIds.filter(isUuid);
    const rows = valid.length ? await this.tx.dataSource.manager.findBy(PostmortemEntity, { incidentId: In(valid) }) : [];
    const found = new Map(rows.map((row) => [row.incidentId, row]));
    return incidentIds.map((id) => found.get(id) ?? null);
  }

  /** One postmortem per incident: a second is a conflict naming the first. */
  private async insertOnce(uow: UnitOfWork, postmortem: PostmortemEntity): Promise<PostmortemEntity> {
    const result = await uow.manager.createQueryBuilder().insert().into(PostmortemEntity).values(postmortem).orIgnore().returning('id').execute();
    if (!result.raw.length) {
      const existing = await uow.manager.findOneByOrFail(PostmortemEntity, { incidentId: postmortem.incidentId });
      throw new DomainError(
        PostmortemError.AlreadyExists,
        `incident ${postmortem.incidentId} already has postmortem ${existing.id}`,
        ErrorKind.Conflict,
        { existingId: existing.id },
      );
    }
    return uow.manager.findOneByOrFail(PostmortemEntity, { id: result.raw[0].id });
  }

  /** The sections an input sets (undefined: unchanged). */
  private sections(input: CreatePostmortemInput | UpdatePostmortemInput, current?: PostmortemEntity): Partial<PostmortemEntity> {
    const out: Partial<PostmortemEntity> = {};
    for (const field of SECTION_FIELDS) if (input[field] !== undefined) out[field] = input[field] ?? null;
    if (input.contributingFactors !== undefined) out.contributingFactors = input.contributingFactors;
    if (input.lessonsLearned !== undefined) out.lessonsLearned = input.lessonsLearned;
    if (input.lessons !== undefined) {
      const before = current?.lessons ?? { wentWell: [], wentWrong: [], gotLucky: [] };
      out.lessons = {
        wentWell: input.lessons.wentWell ?? before.wentWell,
        wentWrong: input.lessons.wentWrong ?? before.wentWrong,
        gotLucky: input.lessons.gotLucky ?? before.gotLucky,
      };
    }
    if (input.timeline !== undefined) {
      out.timeline = input.timeline.map((entry) => ({ at: entry.at.toISOString(), kind: entry.kind, description: entry.description }));
    }
    return out;
  }
}
