import { decodeCursor, DomainError, inUnitOfWork, isUuid, OutboxRelay, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { RunbookOutboxEntity } from '../runbooks/runbook-messaging.entities';
import { RunbookEntity } from '../runbooks/runbook.entity';
import { RunbookError } from '../runbooks/runbook.errors';
import { RUNBOOK_EXECUTIONS_TOTAL } from '../runbooks/runbooks.metrics';
import { RunbookExecutionsFilter, StartRunbookExecutionInput, UpdateRunbookExecutionInput } from './dto/execution.input';
import { executionFinished, executionStarted } from './execution-events';
import { ExecutionEntity } from './execution.entity';
import { ExecutionStatus, TriggerSource } from './execution.enums';
import { ExecutionError } from './execution.errors';
import { toExecution } from './execution.mapper';
import { applyProgress, isFinished } from './execution.rules';

/** Runbook executions: starting one (on a snapshot of the runbook) and reporting its progress. */
@Injectable()
export class ExecutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @InjectMetric(RUNBOOK_EXECUTIONS_TOTAL) private readonly executionsTotal: Counter<string>,
  ) {}

  private run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return inUnitOfWork(this.dataSource, RunbookOutboxEntity, this.relay, work).then(({ result }) => result);
  }

  start(input: StartRunbookExecutionInput, actor: string): Promise<ExecutionEntity> {
    return this.run(async (uow) => {
      // Shared lock: a sync may not change the runbook between reading it and snapshotting it.
      const runbook = await uow.manager.findOne(RunbookEntity, { where: { id: input.runbookId }, lock: { mode: 'pessimistic_read' } });
      if (!runbook) throw new DomainError(RunbookError.NotFound, `runbook ${input.runbookId} does not exist`);
      if (runbook.retiredAt) throw new DomainError(RunbookError.Retired, `runbook ${runbook.id} ("${runbook.title}") is retired and cannot be executed`);
      const now = new Date();
      const execution = uow.manager.create(ExecutionEntity, {
        runbookId: runbook.id,
        snapshot: { title: runbook.title, version: runbook.version, contentHash: runbook.contentHash, steps: runbook.steps },
        incidentId: input.incidentId ?? null,
        triggeredBy: input.triggeredBy?.trim() || actor,
        triggerSource: input.triggerSource ?? TriggerSource.MANUAL,
        alertId: input.alertId ?? null,
        alertName: input.alertName ?? null,
        services: input.service ? [input.service] : runbook.services,
        status: ExecutionStatus.IN_PROGRESS,
        stepsCompleted: 0,
        stepsTotal: runbook.steps.length,
        currentStep: runbook.steps[0]?.title ?? null,
        notes: null,
        stepCompletedAt: [],
        startedAt: now,
        finishedAt: null,
        finishedBy: null,
      });
      const saved = await uow.manager.save(execution);
      uow.events.push(executionStarted(saved));
      uow.afterCommit.push(() => this.executionsTotal.inc({ status: 'started' }));
      return saved;
    });
  }

  update(id: string, report: UpdateRunbookExecutionInput, actor: string): Promise<ExecutionEntity> {
    return this.run(async (uow) => {
      const execution = isUuid(id) ? await uow.manager.findOne(ExecutionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!execution) throw new DomainError(ExecutionError.NotFound, `runbook execution ${id} does not exist`);
      const next = applyProgress(id, execution, report, new Date());
      Object.assign(execution, next);
      if (isFinished(next.status)) {
        execution.finishedBy = actor;
        uow.events.push(executionFinished(execution, actor));
        uow.afterCommit.push(() => this.executionsTotal.inc({ status: next.status.toLowerCase() }));
      }
      return uow.manager.save(execution);
    });
  }

  async findById(id: string): Promise<ExecutionEntity> {
    const execution = isUuid(id) ? await this.dataSource.manager.findOneBy(ExecutionEntity, { id }) : null;
    if (!execution) throw new DomainError(ExecutionError.NotFound, `runbook execution ${id} does not exist`);
    return execution;
  }

  async list(filter: RunbookExecutionsFilter = {}, first = 50, after?: string) {
    const query = this.dataSource.manager.createQueryBuilder(ExecutionEntity, 'e');
    if (filter.runbookId) query.andWhere('e.runbook_id = :runbookId', { runbookId: filter.runbookId });
    if (filter.incidentId) query.andWhere('e.incident_id = :incidentId', { incidentId: filter.incidentId });
    if (filter.status?.length) query.andWhere('e.status IN (:...status)', { status: filter.status });
    if (filter.triggeredBy) query.andWhere('e.triggered_by = :triggeredBy', { triggeredBy: filter.triggeredBy });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('e.seq < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('e.seq', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => Number(row.seq), toExecution);
  }

  /**
   * Finished runs and successes per runbook: on an alert name (`alert`), or on
   * a service (`service`), for the ranking of suggestions.
   */
  async runRecords(runbookIds: string[], alertNames: string[], services: string[]) {
    if (!runbookIds.length) return { byAlert: new Map<string, { runs: number; successes: number }>(), byService: new Map<string, { runs: number; successes: number }>() };
    const finished = `status <> 'IN_PROGRESS' AND runbook_id = ANY($1::uuid[])`;
    const [alertRows, serviceRows]: { runbook_id: string; on: string; runs: number; successes: number }[][] = await Promise.all([
      this.dataSource.query(
        `SELECT runbook_id, alert_name AS on, count(*)::int AS runs, count(*) FILTER (WHERE status = 'COMPLETED')::int AS successes
           FROM runbooks.executions WHERE ${finished} AND alert_name = ANY($2::text[]) GROUP BY runbook_id, alert_name`,
        [runbookIds, alertNames],
      ),
      this.dataSource.query(
        `SELECT runbook_id, s AS on, count(*)::int AS runs, count(*) FILTER (WHERE status = 'COMPLETED')::int AS successes
           FROM runbooks.executions, unnest(services) AS s WHERE ${finished} AND s = ANY($2::text[]) GROUP BY runbook_id, s`,
        [runbookIds, services],
      ),
    ]);
    const toMap = (rows: typeof alertRows) => new Map(rows.map((row) => [`${row.runbook_id}|${row.on}`, { runs: row.runs, successes: row.successes }]));
    return { byAlert: toMap(alertRows), byService: toMap(serviceRows) };
  }
}
