import { UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, In } from 'typeorm';
import type { AlertEntity } from '../alerts/alert.entity';
import { SloViolationEntity } from './slo-violation.entity';
import { SLO_VIOLATIONS_TOTAL } from './slos.metrics';

/** Opens an SLO violation for each firing alert labelled `slo_name`, and closes it when the alert resolves. */
@Injectable()
export class SloViolationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectMetric(SLO_VIOLATIONS_TOTAL) private readonly violationsTotal: Counter<string>,
  ) {}

  /** One violation per alert firing; opening it again changes nothing. */
  async open(uow: UnitOfWork, alerts: AlertEntity[]): Promise<void> {
    const rows = alerts
      .filter((alert) => alert.labels.slo_name)
      .map((alert) => ({
        sloName: alert.labels.slo_name,
        service: alert.service,
        alertId: alert.id,
        startedAt: alert.startsAt,
        endedAt: alert.resolvedAt,
      }));
    if (!rows.length) return;
    const inserted = await uow.manager
      .createQueryBuilder()
      .insert()
      .into(SloViolationEntity)
      .values(rows)
      .orIgnore()
      .returning(['service'])
      .execute();
    const opened = inserted.raw as { service: string | null }[];
    uow.afterCommit.push(() => opened.forEach((row) => this.violationsTotal.inc({ service: row.service ?? '' })));
  }

  async close(uow: UnitOfWork, alerts: AlertEntity[]): Promise<void> {
    const ended = alerts.filter((alert) => alert.labels.slo_name).map((alert) => ({ alert_id: alert.id, ended_at: alert.resolvedAt }));
    if (!ended.length) return;
    await uow.manager.query(
      `UPDATE alerts.slo_violations v SET ended_at = r.ended_at
         FROM jsonb_to_recordset($1::jsonb) AS r(alert_id uuid, ended_at timestamptz)
        WHERE v.alert_id = r.alert_id AND v.ended_at IS NULL`,
      [JSON.stringify(ended)],
    );
  }

  /** Violations of each named SLO still open or ended after `since`. */
  async overlapping(sloNames: readonly string[], since: Date): Promise<SloViolationEntity[][]> {
    const rows = sloNames.length
      ? await this.dataSource.manager
          .createQueryBuilder(SloViolationEntity, 'v')
          .where({ sloName: In([...sloNames]) })
          .andWhere('(v.ended_at IS NULL OR v.ended_at > :since)', { since })
          .getMany()
      : [];
    return sloNames.map((name) => rows.filter((row) => row.sloName === name));
  }
}
