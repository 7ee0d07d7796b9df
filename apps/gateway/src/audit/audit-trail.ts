import { AuditEvents, AuditRecord } from '@companyos/contracts';
import { DomainEvent, OutboxRelay, recordEvents } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditOutboxEntity } from './audit-outbox.entity';

/** What the caller knows of an audited request; who and when are taken from the request. */
export type AuditEntry = Pick<AuditRecord, 'operation' | 'outcome' | 'code' | 'detail'> & Partial<Pick<AuditRecord, 'fields' | 'targetIds'>>;

/**
 * Records every mutation and every denied request. The record is written to
 * the gateway's outbox in Postgres before the caller is answered (so it
 * survives a Redis outage or a crash) and relayed to the access app, which
 * keeps the append-only log.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async record(req: Request, entry: AuditEntry): Promise<void> {
    const principal = req.principal;
    const record: AuditRecord = {
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      principalId: principal?.id ?? null,
      principalName: principal?.name ?? null,
      role: principal?.role ?? null,
      via: principal?.via ?? null,
      clientIp: req.ip ?? null,
      fields: [],
      targetIds: [],
      ...entry,
    };
    const event: DomainEvent = {
      id: record.id,
      type: AuditEvents.Recorded,
      aggregateId: record.principalId ?? 'anonymous',
      occurredAt: record.occurredAt,
      payload: record as unknown as Record<string, unknown>,
    };
    try {
      await recordEvents(this.dataSource.manager, AuditOutboxEntity, [event]);
      this.relay.kick();
    } catch (error) {
      // The request has been answered or decided already; losing its record is an operational alarm, not the caller's error.
      this.logger.error(`audit record of ${record.operation} (${record.outcome}) could not be stored: ${(error as Error).message}`);
    }
  }
}
