import { decodeCursor, DomainError, isUuid, toConnection } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RunbooksFilter } from './dto/runbooks-filter.input';
import { RunbookEntity } from './runbook.entity';
import { RunbookError } from './runbook.errors';
import { toRunbook } from './runbook.mapper';
import { RunbookStats } from './runbook.model';

/** Reading the catalog. Changes come only from syncs (RunbookSyncService). */
@Injectable()
export class RunbooksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<RunbookEntity> {
    const runbook = isUuid(id) ? await this.dataSource.manager.findOneBy(RunbookEntity, { id }) : null;
    if (!runbook) throw new DomainError(RunbookError.NotFound, `runbook ${id} does not exist`);
    return runbook;
  }

  async byIds(ids: readonly string[]): Promise<(RunbookEntity | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.dataSource.manager.createQueryBuilder(RunbookEntity, 'r').where('r.id IN (:...ids)', { ids: valid }).getMany() : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(filter: RunbooksFilter = {}, first = 50, after?: string) {
    const query = this.dataSource.manager.createQueryBuilder(RunbookEntity, 'r');
    if (!filter.includeRetired) query.andWhere('r.retired_at IS NULL');
    if (filter.service) query.andWhere(':service = ANY(r.services)', { service: filter.service });
    if (filter.alertName) query.andWhere(':alertName = ANY(r.alerts)', { alertName: filter.alertName });
    if (filter.category) query.andWhere('r.category = :category', { category: filter.category });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('r.seq > :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('r.seq', 'ASC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), toRunbook);
  }

  /** Active runbooks that could match: listing one of the alert names or services, or any with a url or the path named. */
  candidates(alertNames: string[], services: string[], runbookUrl: string | null): Promise<RunbookEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(RunbookEntity, 'r')
      .where('r.retired_at IS NULL')
      .andWhere('(r.alerts && :alerts OR r.services && :services OR (:url::text IS NOT NULL AND (r.url IS NOT NULL OR :url::text LIKE \'%/\' || r.path)))', {
        alerts: alertNames,
        services,
        url: runbookUrl,
      })
      .limit(500);
    return query.getMany();
  }

  /** Stats of each runbook, in the order asked. */
  async stats(ids: readonly string[]): Promise<RunbookStats[]> {
    const rows: { runbook_id: string; executions: number; finished: number; completed: number; median: number | null; last_run_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT runbook_id,
                count(*)::int AS executions,
                count(*) FILTER (WHERE status <> 'IN_PROGRESS')::int AS finished,
                count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
                  FILTER (WHERE status = 'COMPLETED') AS median,
                max(started_at) AS last_run_at
           FROM runbooks.executions WHERE runbook_id = ANY($1::uuid[]) GROUP BY runbook_id`,
        [ids.filter(isUuid)],
      );
    const byId = new Map(rows.map((row) => [row.runbook_id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) return { executions: 0, successRate: null, medianDurationSeconds: null, lastRunAt: null };
      return {
        executions: row.executions,
        successRate: row.finished ? row.completed / row.finished : null,
        medianDurationSeconds: row.median === null ? null : Number(row.median),
        lastRunAt: row.last_run_at,
      };
    });
  }
}
