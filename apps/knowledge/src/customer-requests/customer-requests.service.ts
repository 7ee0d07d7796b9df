import { decodeCursor, DomainError, isUuid, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { parseCalendarDay } from '../knowledge/calendar-day.rules';
import { groupByKeys } from '../knowledge/group-by-keys';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { RoadmapItemEntity } from '../roadmap/roadmap-item.entity';
import { CustomerRequestEntity, CustomerRequestRoadmapItemEntity, CustomerRequestVoteEntity } from './customer-request.entity';
import { toCustomerRequest } from './customer-request.mapper';
import { CreateCustomerRequestInput, CustomerRequestsFilter, UpdateCustomerRequestInput } from './dto/customer-request.input';

/** Customer requests for demos and features, their votes, and the roadmap items that answer them. */
@Injectable()
export class CustomerRequestsService {
  constructor(
    private readonly tx: KnowledgeTransactions,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  create(input: CreateCustomerRequestInput, actor: string): Promise<CustomerRequestEntity> {
    return this.tx.run(async (uow) => {
      const requester = input.requester?.trim() || actor;
      const saved = await uow.manager.save(
        uow.manager.create(CustomerRequestEntity, {
          type: input.type,
          customer: input.customer.trim(),
          requester,
          title: input.title.trim(),
          description: input.description ?? null,
          requestedFor: this.day(input.requestedFor),
          votes: 1,
        }),
      );
      await uow.manager.insert(CustomerRequestVoteEntity, { customerRequestId: saved.id, voter: requester });
      if (input.roadmapItemIds) await this.link(uow, saved.id, input.roadmapItemIds);
      return saved;
    });
  }

  update(id: string, input: UpdateCustomerRequestInput): Promise<CustomerRequestEntity> {
    return this.tx.run(async (uow) => {
      const request = await this.lock(uow, id);
      if (input.status !== undefined) request.status = input.status;
      if (input.title !== undefined) request.title = input.title.trim();
      if (input.description !== undefined) request.description = input.description || null;
      if (input.requestedFor !== undefined) request.requestedFor = input.requestedFor === '' ? null : this.day(input.requestedFor);
      if (input.roadmapItemIds !== undefined) await this.link(uow, id, input.roadmapItemIds);
      return uow.manager.save(request);
    });
  }

  /** One vote per person: voting again changes nothing. */
  vote(id: string, voter: string): Promise<CustomerRequestEntity> {
    return this.tx.run(async (uow) => {
      const request = await this.lock(uow, id);
      const added = await uow.manager.createQueryBuilder().insert().into(CustomerRequestVoteEntity).values({ customerRequestId: id, voter }).orIgnore().returning('voter').execute();
      if (added.raw.length) {
        request.votes += 1;
        await uow.manager.save(request);
      }
      return request;
    });
  }

  async findById(id: string): Promise<CustomerRequestEntity> {
    const request = isUuid(id) ? await this.tx.dataSource.manager.findOneBy(CustomerRequestEntity, { id }) : null;
    if (!request) throw new DomainError('CUSTOMER_REQUEST_NOT_FOUND', `customer request ${id} does not exist`);
    return request;
  }

  /** Most voted first, then newest. */
  async list(filter: CustomerRequestsFilter = {}, first = 50, after?: string) {
    const query = this.tx.dataSource.manager.createQueryBuilder(CustomerRequestEntity, 'c');
    if (filter.type) query.andWhere('c.type = :type', { type: filter.type });
    if (filter.status?.length) query.andWhere('c.status IN (:...status)', { status: filter.status });
    if (filter.customer) query.andWhere('c.customer = :customer', { customer: filter.customer });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    const offset = after ? decodeCursor(after) : 0;
    const rows = await query.orderBy('c.votes', 'DESC').addOrderBy('c.seq', 'DESC').offset(offset).limit(first + 1).getMany();
    const positioned = rows.map((row, index) => ({ row, position: offset + index + 1 }));
    return toConnection(positioned, first, () => countQuery.getCount(), (each) => each.position, (each) => toCustomerRequest(each.row));
  }

  async byRoadmapItems(itemIds: readonly string[]): Promise<CustomerRequestEntity[][]> {
    const links = await this.tx.dataSource.manager.findBy(CustomerRequestRoadmapItemEntity, { roadmapItemId: In([...itemIds]) });
    const requests = links.length ? await this.tx.dataSource.manager.findBy(CustomerRequestEntity, { id: In([...new Set(links.map((l) => l.customerRequestId))]) }) : [];
    const byId = new Map(requests.map((request) => [request.id, request]));
    return groupByKeys(itemIds, links, (link) => link.roadmapItemId).map((group) =>
      group.map((link) => byId.get(link.customerRequestId) as CustomerRequestEntity).sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title)),
    );
  }

  async roadmapItemsOf(requestIds: readonly string[]): Promise<RoadmapItemEntity[][]> {
    const links = await this.tx.dataSource.manager.findBy(CustomerRequestRoadmapItemEntity, { customerRequestId: In([...requestIds]) });
    const items = links.length ? await this.tx.dataSource.manager.findBy(RoadmapItemEntity, { id: In([...new Set(links.map((l) => l.roadmapItemId))]) }) : [];
    const byId = new Map(items.map((item) => [item.id, item]));
    return groupByKeys(requestIds, links, (link) => link.customerRequestId).map((group) => group.map((link) => byId.get(link.roadmapItemId) as RoadmapItemEntity));
  }

  private async lock(uow: UnitOfWork, id: string): Promise<CustomerRequestEntity> {
    const request = isUuid(id) ? await uow.manager.findOne(CustomerRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!request) throw new DomainError('CUSTOMER_REQUEST_NOT_FOUND', `customer request ${id} does not exist`);
    return request;
  }

  /** Replaces the request's roadmap items (ids or backlog keys); an unknown one is ROADMAP_ITEM_NOT_FOUND naming roadmapItemIds. */
  private async link(uow: UnitOfWork, requestId: string, refs: string[]): Promise<void> {
    const wanted = [...new Set(refs)];
    const items = wanted.length
      ? await uow.manager.find(RoadmapItemEntity, { where: [{ id: In(wanted.filter(isUuid)) }, { key: In(wanted) }] })
      : [];
    const missing = wanted.filter((ref) => !items.some((item) => item.id === ref || item.key === ref));
    if (missing.length) throw new DomainError('ROADMAP_ITEM_NOT_FOUND', `roadmapItemIds: no roadmap item ${missing.join(', ')}`);
    await uow.manager.delete(CustomerRequestRoadmapItemEntity, { customerRequestId: requestId });
    const ids = [...new Set(items.map((item) => item.id))];
    if (ids.length) await uow.manager.insert(CustomerRequestRoadmapItemEntity, ids.map((roadmapItemId) => ({ customerRequestId: requestId, roadmapItemId })));
  }

  private day(value: string | undefined): string | null {
    return value === undefined || value === '' ? null : parseCalendarDay(value, this.config.actionItemTimeZone, 'requestedFor', 'INVALID_REQUESTED_FOR');
  }
}
