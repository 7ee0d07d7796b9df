import type { GithubMilestone } from '@companyos/contracts';
import { decodeCursor, DomainError, isUuid, toConnection } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { EntityManager, In, IsNull } from 'typeorm';
import { AdrEntity } from '../adrs/adr.entity';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { groupByKeys } from '../knowledge/group-by-keys';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { parseBacklog } from './backlog.rules';
import { isNewerMilestone, milestoneKey, milestoneProgress } from './milestone.rules';
import { GITHUB_MILESTONE_URL, RoadmapItemsFilter, UpdateRoadmapItemInput } from './dto/roadmap.input';
import { RoadmapItemAdrEntity, RoadmapItemEntity } from './roadmap-item.entity';
import { toRoadmapItem } from './roadmap-item.mapper';
import { RoadmapSyncResult } from './roadmap-item.model';
import { RoadmapItemKind } from './roadmap.enums';

/** A backlog over this size is refused before it is parsed. */
export const MAX_BACKLOG_BYTES = 5 * 1024 * 1024;

/** The roadmap: epics and stories synced from backlog.json; status, progress and links kept here. */
@Injectable()
export class RoadmapService {
  constructor(
    private readonly tx: KnowledgeTransactions,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  /**
   * Upserts every epic and story of the backlog by its id (title, priority,
   * owner, dependencies, acceptance criteria, order); status, progress,
   * milestone and ADR links are the roadmap's own and are kept. Items gone
   * from the backlog are marked removed.
   */
  async sync(file = this.config.roadmapFile): Promise<RoadmapSyncResult> {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      throw new DomainError('ROADMAP_FILE_NOT_FOUND', `ROADMAP_FILE "${file}" cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (Buffer.byteLength(content) > MAX_BACKLOG_BYTES) throw new DomainError('INVALID_BACKLOG', `${file} is larger than ${MAX_BACKLOG_BYTES} bytes`);
    const backlog = parseBacklog(content, file);
    return this.tx.run(async ({ manager }) => {
      const existing = new Map((await manager.find(RoadmapItemEntity)).map((row) => [row.key, row]));
      const result: RoadmapSyncResult = { file, version: backlog.version ?? null, epics: backlog.epics.length, stories: 0, created: 0, updated: 0, removed: 0 };
      const seen = new Set<string>();
      const upsert = async (values: Partial<RoadmapItemEntity> & { key: string }): Promise<string> => {
        seen.add(values.key);
        const before = existing.get(values.key);
        if (before) {
          const changed = (Object.keys(values) as (keyof RoadmapItemEntity)[]).some((k) => JSON.stringify(before[k]) !== JSON.stringify(values[k]));
          if (changed || before.removedAt) {
            await manager.update(RoadmapItemEntity, { id: before.id }, { ...values, removedAt: null });
            result.updated += 1;
          }
          return before.id;
        }
        result.created += 1;
        const saved = await manager.save(manager.create(RoadmapItemEntity, values));
        return saved.id;
      };
      for (const [e, epic] of backlog.epics.entries()) {
        const epicId = await upsert({
          key: epic.id,
          kind: RoadmapItemKind.EPIC,
          parentId: null,
          position: e,
          title: epic.title,
          priority: epic.priority ?? null,
          owner: epic.owner ?? null,
          dependsOn: [],
          acceptanceCriteria: [],
        });
        for (const [s, story] of epic.stories.entries()) {
          result.stories += 1;
          await upsert({
            key: story.id,
            kind: RoadmapItemKind.STORY,
            parentId: epicId,
            position: s,
            title: story.title,
            priority: null,
            owner: story.owner ?? null,
            dependsOn: story.depends_on,
            acceptanceCriteria: story.acceptance_criteria,
          });
        }
      }
      const gone = [...existing.values()].filter((row) => !row.removedAt && !seen.has(row.key)).map((row) => row.id);
      if (gone.length) await manager.update(RoadmapItemEntity, { id: In(gone) }, { removedAt: new Date() });
      result.removed = gone.length;
      return result;
    });
  }

  /** The seed's updateRoadmapItem: by id (or the backlog's key, `E-001`). */
  update(id: string, input: UpdateRoadmapItemInput): Promise<RoadmapItemEntity> {
    if (input.githubMilestoneUrl && !GITHUB_MILESTONE_URL.test(input.githubMilestoneUrl)) {
      throw new DomainError('INVALID_GITHUB_MILESTONE_URL', `githubMilestoneUrl "${input.githubMilestoneUrl}" is not https://github.com/<owner>/<repo>/milestone/<number>`);
    }
    return this.tx.run(async ({ manager }) => {
      const item = await manager.findOne(RoadmapItemEntity, { where: isUuid(id) ? { id } : { key: id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw new DomainError('ROADMAP_ITEM_NOT_FOUND', `roadmap item ${id} does not exist`);
      if (input.status !== undefined) item.status = input.status;
      if (input.progressPercentage !== undefined) item.progressPercentage = input.progressPercentage;
      if (input.githubMilestoneUrl !== undefined && (input.githubMilestoneUrl || null) !== item.githubMilestoneUrl) {
        item.githubMilestoneUrl = input.githubMilestoneUrl || null;
        // Another milestone: the next delivery of it sets the progress, whenever it was stamped.
        item.milestoneUpdatedAt = null;
      }
      if (input.relatedAdrIds !== undefined) {
        const ids = [...new Set(input.relatedAdrIds)];
        const invalid = ids.filter((adrId) => !isUuid(adrId));
        const found = new Set((await manager.findBy(AdrEntity, { id: In(ids.filter(isUuid)) })).map((adr) => adr.id));
        const missing = [...invalid, ...ids.filter((adrId) => isUuid(adrId) && !found.has(adrId))];
        if (missing.length) throw new DomainError('ADR_NOT_FOUND', `relatedAdrIds: no ADR ${missing.join(', ')}`);
        await manager.delete(RoadmapItemAdrEntity, { roadmapItemId: item.id });
        if (ids.length) await manager.insert(RoadmapItemAdrEntity, ids.map((adrId) => ({ roadmapItemId: item.id, adrId })));
      }
      return manager.save(item);
    });
  }

  /**
   * A linked milestone's issue counts (from a GitHub `milestone` or `issues`
   * delivery) set the progress of every roadmap item linked to it, unless an
   * item already holds counts stamped later. Returns the items changed.
   */
  async applyMilestone(manager: EntityManager, milestone: GithubMilestone): Promise<RoadmapItemEntity[]> {
    const key = milestoneKey(milestone.html_url);
    const updatedAt = new Date(milestone.updated_at);
    if (!key || Number.isNaN(updatedAt.getTime())) return [];
    const [owner, repo] = key.split('/');
    const candidates = await manager
      .createQueryBuilder(RoadmapItemEntity, 'r')
      .setLock('pessimistic_write')
      .where('lower(r.github_milestone_url) LIKE :prefix', { prefix: `https://github.com/${owner}/${repo}/milestone/%` })
      .getMany();
    const progress = milestoneProgress(milestone);
    const changed = candidates.filter(
      (item) => item.githubMilestoneUrl && milestoneKey(item.githubMilestoneUrl) === key && isNewerMilestone(updatedAt, item.milestoneUpdatedAt),
    );
    for (const item of changed) {
      item.progressPercentage = progress;
      item.milestoneUpdatedAt = updatedAt;
    }
    return changed.length ? manager.save(changed) : [];
  }

  async findById(id: string): Promise<RoadmapItemEntity> {
    const item = await this.tx.dataSource.manager.findOneBy(RoadmapItemEntity, isUuid(id) ? { id } : { key: id });
    if (!item) throw new DomainError('ROADMAP_ITEM_NOT_FOUND', `roadmap item ${id} does not exist`);
    return item;
  }

  /** Epics (or stories) in backlog order; the cursor is a position in that order. */
  async list(filter: RoadmapItemsFilter = {}, first = 50, after?: string) {
    const query = this.tx.dataSource.manager.createQueryBuilder(RoadmapItemEntity, 'r').where('r.kind = :kind', { kind: filter.kind ?? RoadmapItemKind.EPIC });
    if (!filter.includeRemoved) query.andWhere('r.removed_at IS NULL');
    if (filter.status?.length) query.andWhere('r.status IN (:...status)', { status: filter.status });
    if (filter.owner) query.andWhere('r.owner = :owner', { owner: filter.owner });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    const offset = after ? decodeCursor(after) : 0;
    const rows = await query.orderBy('r.position', 'ASC').addOrderBy('r.key', 'ASC').offset(offset).limit(first + 1).getMany();
    const positioned = rows.map((row, index) => ({ row, position: offset + index + 1 }));
    return toConnection(positioned, first, () => countQuery.getCount(), (each) => each.position, (each) => toRoadmapItem(each.row));
  }

  async childrenOf(parentIds: readonly string[]): Promise<RoadmapItemEntity[][]> {
    const rows = await this.tx.dataSource.manager.find(RoadmapItemEntity, {
      where: { parentId: In([...parentIds]), removedAt: IsNull() },
      order: { position: 'ASC', key: 'ASC' },
    });
    return groupByKeys(parentIds, rows, (row) => row.parentId as string);
  }

  async relatedAdrsOf(itemIds: readonly string[]): Promise<AdrEntity[][]> {
    const links = await this.tx.dataSource.manager.find(RoadmapItemAdrEntity, { where: { roadmapItemId: In([...itemIds]) } });
    const adrs = links.length ? await this.tx.dataSource.manager.findBy(AdrEntity, { id: In([...new Set(links.map((link) => link.adrId))]) }) : [];
    const byId = new Map(adrs.map((adr) => [adr.id, adr]));
    const sorted = (list: AdrEntity[]) => list.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.path.localeCompare(b.path));
    return groupByKeys(itemIds, links, (link) => link.roadmapItemId).map((group) => sorted(group.map((link) => byId.get(link.adrId)).filter((adr): adr is AdrEntity => !!adr)));
  }
}
