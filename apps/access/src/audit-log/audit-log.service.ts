import type { AuditRecord } from '@companyos/contracts';
import { Connection, decodeCursor, DomainError, toConnection } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';
import { AuditLogFilter } from './dto/audit-log-filter.input';
import { AuditEventEntity } from './audit-event.entity';
import { toAuditEvent } from './audit-event.mapper';
import type { AuditEvent } from './audit-event.model';
import { AuditLogError } from './audit-log.errors';

/** A LIKE pattern matching `text` anywhere, its own % _ \ taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The audit trail: stores the records producers send (each once) and reads
 * them newest first. The table is append-only; nothing here changes a record.
 * Takes an EntityManager so the token CLI can write inside its transaction.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  /** Stores a record; one stored already (a retried job) is left alone. Answers whether this call stored it. */
  async append(record: AuditRecord): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO access.audit_events
         (id, occurred_at, principal_id, principal_name, role, via, client_ip, operation, fields, target_ids, outcome, code, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        record.id,
        record.occurredAt,
        record.principalId,
        record.principalName,
        record.role,
        record.via,
        record.clientIp,
        record.operation,
        record.fields,
        record.targetIds,
        record.outcome,
        record.code,
        record.detail,
      ],
    );
    return rows.length > 0;
  }

  /** Records matching the filter, newest first (by when they occurred, ties in arrival order). */
  async list(filter: AuditLogFilter = {}, first = 50, after?: string): Promise<Connection<AuditEvent>> {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new DomainError(AuditLogError.InvalidPeriod, `from (${filter.from.toISOString()}) is after to (${filter.to.toISOString()})`);
    }
    const query = this.manager.createQueryBuilder(AuditEventEntity, 'e');
    if (filter.principalId) query.andWhere('e.principal_id = :principalId', { principalId: filter.principalId });
    if (filter.outcome) query.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
    if (filter.operation) query.andWhere('e.operation ILIKE :operation', { operation: containsPattern(filter.operation) });
    if (filter.from) query.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.occurred_at < :to', { to: filter.to });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) {
      // The cursor names the last row seen; the next page starts strictly after it in (occurred_at, seq) order.
      query.andWhere('(e.occurred_at, e.seq) < (SELECT c.occurred_at, c.seq FROM access.audit_events c WHERE c.seq = :cursor)', {
        cursor: decodeCursor(after),
      });
    }
    const rows = await query.orderBy('e.occurred_at', 'DESC').addOrderBy('e.seq', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), toAuditEvent);
  }
}
