import { IncidentEvents, IncidentEventType } from '@companyos/contracts';
import { decodeCursor, DomainError, inUnitOfWork, isUuid, OutboxRelay, toConnection, UnitOfWork } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Counter } from 'prom-client';
import { DataSource, In } from 'typeorm';
import { CreateIncidentInput } from './dto/create-incident.input';
import { IncidentsFilter } from './dto/incidents-filter.input';
import { ResolveIncidentInput } from './dto/resolve-incident.input';
import { UpdateIncidentInput } from './dto/update-incident.input';
import { incidentEvent } from './incident-events';
import { diffFields, LifecycleCommand, transition } from './incident-lifecycle';
import { IncidentOutboxEntity } from './incident-messaging.entities';
import { IncidentEntity } from './incident.entity';
import { IncidentSource, IncidentStatus, TimelineEntryKind } from './incident.enums';
import { IncidentError } from './incident.errors';
import { incidentReference, toIncident } from './incident.mapper';
import { INCIDENTS_TOTAL } from './incidents.metrics';
import { TimelineEntryEntity } from './timeline-entry.entity';

export interface DeclareIncident extends CreateIncidentInput {
  source: IncidentSource;
  alertGroupKey?: string;
  github?: { issueId: string; repository: string; number: number; url: string };
}

type EditableFields = Partial<
  Pick<
    IncidentEntity,
    'title' | 'severity' | 'commander' | 'affectedServices' | 'customerImpact' | 'impactDescription'
  >
>;

export type NewTimelineEntry = Pick<TimelineEntryEntity, 'kind' | 'message' | 'changes'>;

export interface IncidentChange {
  fields?: EditableFields;
  lifecycle?: LifecycleCommand;
  resolution?: string;
}

const LIFECYCLE_ENTRY: Record<LifecycleCommand['type'], { kind: TimelineEntryKind; event: IncidentEventType }> = {
  acknowledge: { kind: TimelineEntryKind.ACKNOWLEDGED, event: IncidentEvents.Acknowledged },
  setStatus: { kind: TimelineEntryKind.STATUS_CHANGED, event: IncidentEvents.StatusChanged },
  resolve: { kind: TimelineEntryKind.RESOLVED, event: IncidentEvents.Resolved },
  reopen: { kind: TimelineEntryKind.REOPENED, event: IncidentEvents.Reopened },
};

/**
 * Incident management: declaring, changing and resolving incidents. Every
 * change is one transaction that also appends to the incident's timeline and
 * writes its events to the outbox.
 */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectMetric(INCIDENTS_TOTAL) private readonly declaredTotal: Counter<string>,
    private readonly relay: OutboxRelay,
  ) {}

  /** Runs work in one transaction, records its events in the outbox, and relays them after commit. */
  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return (await inUnitOfWork(this.dataSource, IncidentOutboxEntity, this.relay, work)).result;
  }

  create(input: CreateIncidentInput, actor: string) {
    return this.run((uow) => this.declare(uow, { ...input, source: IncidentSource.MANUAL }, actor));
  }

  update(id: string, input: UpdateIncidentInput, actor: string) {
    const { status, ...fields } = input;
    return this.run(async (uow) =>
      this.change(uow, await this.lock(uow, id), {
        fields,
        lifecycle: status ? { type: 'setStatus', status, at: new Date() } : undefined,
      }, actor),
    );
  }

  acknowledge(id: string, actor: string) {
    return this.run(async (uow) =>
      this.change(uow, await this.lock(uow, id), { lifecycle: { type: 'acknowledge', at: new Date() } }, actor),
    );
  }

  assignCommander(id: string, commander: string, actor: string) {
    return this.run(async (uow) => this.change(uow, await this.lock(uow, id), { fields: { commander } }, actor));
  }

  resolve(id: string, input: ResolveIncidentInput, actor: string) {
    return this.run(async (uow) =>
      this.change(uow, await this.lock(uow, id), {
        lifecycle: { type: 'resolve', at: input.resolvedAt ?? new Date() },
        resolution: input.resolution,
      }, actor),
    );
  }

  reopen(id: string, actor: string) {
    return this.run(async (uow) => this.change(uow, await this.lock(uow, id), { lifecycle: { type: 'reopen' } }, actor));
  }

  addNote(id: string, note: string, actor: string) {
    return this.run(async (uow) => {
      const incident = await this.lock(uow, id);
      await this.appendTimeline(uow, id, actor, [{ kind: TimelineEntryKind.NOTE, message: note, changes: {} }]);
      return incident;
    });
  }

  /** Declares a new incident inside a unit of work. */
  async declare(uow: UnitOfWork, input: DeclareIncident, actor: string): Promise<IncidentEntity> {
    const { github, alertGroupKey, ...fields } = input;
    const incident = uow.manager.create(IncidentEntity, {
      title: fields.title,
      severity: fields.severity,
      status: IncidentStatus.OPEN,
      commander: fields.commander ?? null,
      affectedServices: fields.affectedServices ?? [],
      customerImpact: fields.customerImpact ?? false,
      impactDescription: fields.impactDescription ?? null,
      source: fields.source,
      startedAt: fields.startedAt ?? new Date(),
      githubIssueId: github?.issueId ?? null,
      githubRepository: github?.repository ?? null,
      githubIssueNumber: github?.number ?? null,
      githubIssueUrl: github?.url ?? null,
      alertGroupKey: alertGroupKey ?? null,
      version: 1,
    });
    const saved = await uow.manager.save(incident);
    await this.appendTimeline(uow, saved.id, actor, [
      {
        kind: TimelineEntryKind.DECLARED,
        message: `${incidentReference(saved.number)} declared (${saved.severity}): ${saved.title}`,
        changes: {},
      },
    ]);
    uow.events.push(incidentEvent(IncidentEvents.Declared, saved));
    uow.afterCommit.push(() => this.declaredTotal.inc({ severity: saved.severity.toLowerCase() }));
    return saved;
  }

  /**
   * Applies a lifecycle step and field edits to a locked incident, appending
   * one timeline entry per kind of change and publishing the matching events.
   * A change that changes nothing writes nothing.
   */
  async change(uow: UnitOfWork, incident: IncidentEntity, change: IncidentChange, actor: string) {
    const entries: NewTimelineEntry[] = [];
    const eventTypes: { type: IncidentEventType; changes?: Record<string, { from: unknown; to: unknown }> }[] = [];

    if (change.lifecycle) {
      const next = transition(incident.id, incident, change.lifecycle);
      if (next.status !== incident.status || next.acknowledgedAt !== incident.acknowledgedAt) {
        const changes = { status: { from: incident.status, to: next.status } };
        const { kind, event } = LIFECYCLE_ENTRY[change.lifecycle.type];
        const reason = change.lifecycle.type === 'resolve' && change.resolution ? `: ${change.resolution}` : '';
        entries.push({ kind, message: `${kind.toLowerCase().replace('_', ' ')} ${incident.status} → ${next.status}${reason}`, changes });
        eventTypes.push({ type: event, changes });
        Object.assign(incident, next);
        if (change.lifecycle.type === 'resolve') incident.resolution = change.resolution ?? null;
      }
    }

    const fieldChanges = diffFields(incident, change.fields ?? {});
    if (Object.keys(fieldChanges).length) {
      const { severity, commander, ...others } = fieldChanges;
      if (severity) {
        entries.push({ kind: TimelineEntryKind.SEVERITY_CHANGED, message: `severity ${severity.from} → ${severity.to}`, changes: { severity } });
      }
      if (commander) {
        entries.push({ kind: TimelineEntryKind.COMMANDER_ASSIGNED, message: `commander is now ${commander.to ?? 'nobody'}`, changes: { commander } });
      }
      if (Object.keys(others).length) {
        entries.push({ kind: TimelineEntryKind.UPDATED, message: `updated ${Object.keys(others).join(', ')}`, changes: others });
      }
      eventTypes.push({ type: IncidentEvents.Updated, changes: fieldChanges });
      for (const [field, { to }] of Object.entries(fieldChanges)) Object.assign(incident, { [field]: to });
    }

    if (!entries.length) return incident;
    incident.version += 1;
    const saved = await uow.manager.save(incident);
    await this.appendTimeline(uow, saved.id, actor, entries);
    uow.events.push(...eventTypes.map(({ type, changes }) => incidentEvent(type, saved, changes)));
    return saved;
  }

  async appendTimeline(uow: UnitOfWork, incidentId: string, actor: string, entries: NewTimelineEntry[]) {
    await uow.manager.save(entries.map((entry) => uow.manager.create(TimelineEntryEntity, { ...entry, incidentId, actor })));
  }

  /** Loads an incident for update (row lock) or fails with INCIDENT_NOT_FOUND. */
  async lock(uow: UnitOfWork, id: string): Promise<IncidentEntity> {
    const incident = isUuid(id)
      ? await uow.manager.findOne(IncidentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!incident) throw new DomainError(IncidentError.NotFound, `incident ${id} does not exist`);
    return incident;
  }

  async findById(id: string): Promise<IncidentEntity> {
    const incident = isUuid(id) ? await this.dataSource.manager.findOneBy(IncidentEntity, { id }) : null;
    if (!incident) throw new DomainError(IncidentError.NotFound, `incident ${id} does not exist`);
    return incident;
  }

  findByIds(ids: readonly string[]): Promise<IncidentEntity[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.dataSource.manager.findBy(IncidentEntity, { id: In(valid) }) : Promise.resolve([]);
  }

  async list(filter: IncidentsFilter = {}, first = 50, after?: string) {
    const query = this.filtered(filter);
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    if (after) query.andWhere('i.number < :cursor', { cursor: decodeCursor(after) });
    const rows = await query.orderBy('i.number', 'DESC').take(first + 1).getMany();
    return toConnection(rows, first, () => countQuery.getCount(), (row) => row.number, toIncident);
  }

  /** Incidents matching the filter, unordered: what a list page and its count read (an int test EXPLAINs it). */
  filtered(filter: IncidentsFilter = {}) {
    const query = this.dataSource.manager.createQueryBuilder(IncidentEntity, 'i');
    if (filter.status?.length) query.andWhere('i.status IN (:...status)', { status: filter.status });
    if (filter.severity?.length) query.andWhere('i.severity IN (:...severity)', { severity: filter.severity });
    if (filter.service) query.andWhere('i.affected_services @> ARRAY[:service]::text[]', { service: filter.service });
    if (filter.source) query.andWhere('i.source = :source', { source: filter.source });
    if (filter.active !== undefined) {
      query.andWhere(filter.active ? 'i.status <> :resolved' : 'i.status = :resolved', { resolved: IncidentStatus.RESOLVED });
    }
    return query;
  }

  /** Active incidents affecting each of the named services, newest first. */
  async activeByServices(names: readonly string[]): Promise<IncidentEntity[][]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(IncidentEntity, 'i')
      .where('i.status <> :resolved', { resolved: IncidentStatus.RESOLVED })
      .andWhere('i.affected_services && :names', { names: [...names] })
      .orderBy('i.number', 'DESC')
      .getMany();
    return names.map((name) => rows.filter((row) => row.affectedServices.includes(name)));
  }

  async timelines(incidentIds: readonly string[]): Promise<TimelineEntryEntity[][]> {
    const rows = await this.dataSource.manager.find(TimelineEntryEntity, {
      where: { incidentId: In([...incidentIds]) },
      order: { seq: 'ASC' },
    });
    return incidentIds.map((id) => rows.filter((row) => row.incidentId === id));
  }
}
