import { decodeCursor, DomainError, isUuid, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { groupByKeys } from '../knowledge/group-by-keys';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { PostmortemEntity } from '../postmortems/postmortem.entity';
import { ActionItemEntity } from './action-item.entity';
import { ActionItemStatus } from './action-item.enums';
import { ActionItemError } from './action-item.errors';
import { toActionItem } from './action-item.mapper';
import { nextStatus, parseDueDate, todayIn } from './action-item.rules';
import { ActionItemInput, ActionItemsFilter, UpdateActionItemInput } from './dto/action-item.input';

/** Action items: added with a postmortem or later, moved through their statuses until done. */
@Injectable()
export class ActionItemsService {
  constructor(
    private readonly tx: KnowledgeTransactions,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  get timeZone() {
    return this.config.actionItemTimeZone;
  }

  /** Adds items to a postmortem inside the caller's transaction (`field` names the input in errors). */
  async addAll(uow: UnitOfWork, postmortem: PostmortemEntity, inputs: ActionItemInput[], field = 'actionItems'): Promise<ActionItemEntity[]> {
    if (!inputs.length) return [];
    const rows = inputs.map((input, i) =>
      uow.manager.create(ActionItemEntity, {
        postmortemId: postmortem.id,
        incidentId: postmortem.incidentId,
        description: input.description.trim(),
        owner: input.owner?.trim() || null,
        dueDate: input.dueDate === undefined || input.dueDate === '' ? null : parseDueDate(input.dueDate, this.timeZone, `${field}[${i}].dueDate`),
        ...(input.priority ? { priority: input.priority } : {}),
        ticketUrl: input.ticketUrl ?? null,
      }),
    );
    return uow.manager.save(rows);
  }

  add(postmortemId: string, input: ActionItemInput): Promise<ActionItemEntity> {
    return this.tx.run(async (uow) => {
      const postmortem = isUuid(postmortemId) ? await uow.manager.findOneBy(PostmortemEntity, { id: postmortemId }) : null;
      if (!postmortem) throw new DomainError('POSTMORTEM_NOT_FOUND', `postmortem ${postmortemId} does not exist`);
      const [row] = await this.addAll(uow, postmortem, [input], 'input');
      return row;
    });
  }

  update(id: string, input: UpdateActionItemInput): Promise<ActionItemEntity> {
    return this.tx.run(async (uow) => {
      const item = isUuid(id) ? await uow.manager.findOne(ActionItemEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!item) throw new DomainError(ActionItemError.NotFound, `action item ${id} does not exist`);
      if (input.description !== undefined) item.description = input.description.trim();
      if (input.owner !== undefined) item.owner = input.owner.trim() || null;
      if (input.dueDate !== undefined) item.dueDate = input.dueDate === '' ? null : parseDueDate(input.dueDate, this.timeZone, 'input.dueDate');
      if (input.priority !== undefined) item.priority = input.priority;
      if (input.ticketUrl !== undefined) item.ticketUrl = input.ticketUrl;
      if (input.status !== undefined) Object.assign(item, nextStatus(item, input.status, input.reason));
      else if (input.reason !== undefined && item.status === ActionItemStatus.NOT_DOING) {
        Object.assign(item, nextStatus(item, item.status, input.reason));
      }
      return uow.manager.save(item);
    });
  }

  async list(filter: ActionItemsFilter = {}, first = 50, after?: string) {
    const query = this.tx.dataSource.manager.createQueryBuilder(ActionItemEntity, 'a');
    if (filter.owner) query.andWhere('a.owner = :owner', { owner: filter.owner });
    if (filter.status?.length) query.andWhere('a.status IN (:...status)', { status: filter.status });
    if (filter.incidentId) query.andWhere('a.incident_id = :incidentId', { incidentId: filter.incidentId });
    if (filter.overdue !== undefined) {
      const overdue = `(a.status IN ('OPEN', 'IN_PROGRESS') AND a.due_date IS NOT NULL AND a.due_date < :today)`;
      query.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { today: todayIn(this.timeZone) });
    }
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('a.seq < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('a.seq', 'DESC').take(first + 1).getMany();
    const now = new Date();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), (row) => toActionItem(row, this.timeZone, now));
  }

  async byPostmortems(postmortemIds: readonly string[]): Promise<ActionItemEntity[][]> {
    const rows = await this.tx.dataSource.manager.find(ActionItemEntity, { where: { postmortemId: In([...postmortemIds]) }, order: { seq: 'ASC' } });
    return groupByKeys(postmortemIds, rows, (row) => row.postmortemId);
  }
}
