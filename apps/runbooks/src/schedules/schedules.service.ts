import { DomainError, isUniqueViolation } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { ScheduleEntity, ScheduleOverrideEntity, ScheduleVersionEntity, StoredLayer } from './schedule.entity';
import { ScheduleError } from './schedule.errors';
import { CreateScheduleInput, LayerModel, ScheduleOverrideInput, UpdateScheduleInput } from './schedule.model';
import { finalSchedule, gaps, Interval, Layer, onCallAt, Override, scheduleProblems, ScheduleVersion, Shift, ScheduleWarning } from './schedule.rules';

/** The first version of a schedule rules from the beginning of time (a later edit takes over from its instant). */
const BEGINNING = new Date('1970-01-01T00:00:00Z');
/** The longest period scheduleShifts and scheduleGaps compute at once. */
export const MAX_PERIOD_DAYS = 366;

const toStored = (layers: LayerModel[]): StoredLayer[] =>
  layers.map((layer) => ({
    name: layer.name,
    priority: layer.priority,
    members: layer.members.map((group) => group.map((user) => user.trim()).filter(Boolean)),
    rotation: { ...layer.rotation, startsAt: layer.rotation.startsAt.toISOString() },
    restrictions: layer.restrictions.map(({ startDay, startTime, endDay, endTime }) => ({ startDay, startTime, endDay, endTime })),
    advanceOn: layer.advanceOn,
  }));

export const toRuleLayer = (layer: StoredLayer): Layer => ({ ...layer, rotation: { ...layer.rotation, startsAt: new Date(layer.rotation.startsAt) } });
const toRuleVersion = (version: ScheduleVersionEntity): ScheduleVersion => ({
  effectiveFrom: version.effectiveFrom,
  timeZone: version.timeZone,
  layers: version.layers.map(toRuleLayer),
});

export interface LoadedSchedule {
  schedule: ScheduleEntity;
  versions: ScheduleVersionEntity[];
}

/** On-call schedules: their definitions (versioned edits, overrides) and who is on call when. */
@Injectable()
export class SchedulesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private check(timeZone: string, layers: StoredLayer[]) {
    const problems = scheduleProblems(timeZone, layers.map(toRuleLayer));
    if (problems.length) throw new DomainError(ScheduleError.Invalid, problems.join('; '));
  }

  async create(input: CreateScheduleInput, actor: string): Promise<ScheduleEntity> {
    const layers = toStored(input.layers);
    if (!input.name.trim()) throw new DomainError(ScheduleError.Invalid, 'name: must not be empty');
    this.check(input.timeZone, layers);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const schedule = await manager.save(manager.create(ScheduleEntity, { name: input.name.trim(), services: [...new Set(input.services)] }));
        await manager.insert(ScheduleVersionEntity, { scheduleId: schedule.id, effectiveFrom: BEGINNING, timeZone: input.timeZone, layers, createdBy: actor });
        return schedule;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ScheduleError.NameTaken, `a schedule named "${input.name}" exists already`);
      throw error;
    }
  }

  /** A new version from effectiveFrom (default now): what came before keeps the old definition. */
  update(name: string, input: UpdateScheduleInput, actor: string): Promise<ScheduleEntity> {
    return this.dataSource.transaction(async (manager) => {
      const schedule = await this.lockByName(manager, name);
      const latest = (await manager.findOneOrFail(ScheduleVersionEntity, { where: { scheduleId: schedule.id }, order: { effectiveFrom: 'DESC' } }));
      const effectiveFrom = input.effectiveFrom ?? new Date();
      if (effectiveFrom < latest.effectiveFrom) {
        throw new DomainError(ScheduleError.InvalidEdit, `effectiveFrom: ${effectiveFrom.toISOString()} is before the current version's (${latest.effectiveFrom.toISOString()})`);
      }
      if (input.services) schedule.services = [...new Set(input.services)];
      if (input.timeZone || input.layers) {
        const timeZone = input.timeZone ?? latest.timeZone;
        const layers = input.layers ? toStored(input.layers) : latest.layers;
        this.check(timeZone, layers);
        if (effectiveFrom.getTime() === latest.effectiveFrom.getTime()) await manager.update(ScheduleVersionEntity, { id: latest.id }, { timeZone, layers, createdBy: actor });
        else await manager.insert(ScheduleVersionEntity, { scheduleId: schedule.id, effectiveFrom, timeZone, layers, createdBy: actor });
      }
      schedule.updatedAt = new Date();
      return manager.save(schedule);
    });
  }

  addOverride(name: string, input: ScheduleOverrideInput, actor: string): Promise<ScheduleOverrideEntity> {
    if (input.to <= input.from) {
      throw new DomainError(ScheduleError.InvalidOverride, `to: ${input.to.toISOString()} must be after from (${input.from.toISOString()})`);
    }
    if (input.to.getTime() - input.from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw new DomainError(ScheduleError.InvalidOverride, `to: an override lasts at most ${MAX_PERIOD_DAYS} days`);
    if (!input.user.trim()) throw new DomainError(ScheduleError.InvalidOverride, 'user: must not be empty');
    return this.dataSource.transaction(async (manager) => {
      const schedule = await this.lockByName(manager, name);
      return manager.save(manager.create(ScheduleOverrideEntity, { scheduleId: schedule.id, user: input.user.trim(), startsAt: input.from, endsAt: input.to, createdBy: actor }));
    });
  }

  private async lockByName(manager: EntityManager, name: string): Promise<ScheduleEntity> {
    const schedule = await manager.findOne(ScheduleEntity, { where: { name }, lock: { mode: 'pessimistic_write' } });
    if (!schedule) throw new DomainError(ScheduleError.NotFound, `schedule "${name}" does not exist`);
    return schedule;
  }

  async byName(name: string): Promise<ScheduleEntity> {
    const schedule = await this.dataSource.manager.findOneBy(ScheduleEntity, { name });
    if (!schedule) throw new DomainError(ScheduleError.NotFound, `schedule "${name}" does not exist`);
    return schedule;
  }

  list(): Promise<ScheduleEntity[]> {
    return this.dataSource.manager.find(ScheduleEntity, { order: { name: 'ASC' }, take: 1000 });
  }

  versions(scheduleId: string): Promise<ScheduleVersionEntity[]> {
    return this.dataSource.manager.find(ScheduleVersionEntity, { where: { scheduleId }, order: { effectiveFrom: 'ASC' } });
  }

  overrides(scheduleId: string, endingAfter: Date): Promise<ScheduleOverrideEntity[]> {
    return this.dataSource.manager.find(ScheduleOverrideEntity, { where: { scheduleId, endsAt: MoreThan(endingAfter) }, order: { startsAt: 'ASC' }, take: 1000 });
  }

  /** A schedule's versions and overrides over [from, to); `{ name }` looks the schedule up in the same queries (one round trip fewer). */
  private async definition(schedule: { id: string } | { name: string }, from: Date, to: Date): Promise<{ versions: ScheduleVersion[]; overrides: Override[] }> {
    const id = 'id' in schedule ? ':id' : '(SELECT s.id FROM runbooks.schedules s WHERE s.name = :name)';
    const key = 'id' in schedule ? { id: schedule.id } : { name: schedule.name };
    const [versions, overrides] = await Promise.all([
      // Only the versions ruling some of [from, to): the last one in effect at `from`, and those starting before `to`.
      this.dataSource.manager
        .createQueryBuilder(ScheduleVersionEntity, 'v')
        .where(`v.schedule_id = ${id} AND v.effective_from < :to`, { ...key, to })
        .andWhere(
          `v.effective_from >= COALESCE((SELECT max(p.effective_from) FROM runbooks.schedule_versions p WHERE p.schedule_id = ${id} AND p.effective_from <= :from), '-infinity')`,
          { from },
        )
        .orderBy('v.effective_from', 'ASC')
        .getMany(),
      this.dataSource.manager
        .createQueryBuilder(ScheduleOverrideEntity, 'o')
        .where(`o.schedule_id = ${id} AND o.ends_at > :from AND o.starts_at < :to`, { ...key, from, to })
        .getMany(),
    ]);
    return { versions: versions.map(toRuleVersion), overrides: overrides.map((o) => ({ user: o.user, from: o.startsAt, to: o.endsAt })) };
  }

  private period(from: Date, to: Date) {
    if (to <= from) throw new DomainError(ScheduleError.InvalidPeriod, `to: ${to.toISOString()} must be after from (${from.toISOString()})`);
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw new DomainError(ScheduleError.InvalidPeriod, `to: a period spans at most ${MAX_PERIOD_DAYS} days`);
  }

  async shifts(name: string, from: Date, to: Date): Promise<{ shifts: (Shift & { schedule: string })[]; warnings: ScheduleWarning[] }> {
    this.period(from, to);
    const schedule = await this.byName(name);
    const { versions, overrides } = await this.definition(schedule, from, to);
    const result = finalSchedule(versions, overrides, from, to);
    return { shifts: result.shifts.map((shift) => ({ ...shift, schedule: schedule.name })), warnings: result.warnings };
  }

  async gaps(name: string, from: Date, to: Date): Promise<Interval[]> {
    return gaps((await this.shifts(name, from, to)).shifts, from, to);
  }

  /** Who is on call at `at`: on the schedule named, or on every schedule of the service, or on every schedule. */
  async onCall(filter: { schedule?: string | null; services?: string[] | null }, at: Date): Promise<(Shift & { schedule: string })[]> {
    const around = (schedule: { id: string } | { name: string }) =>
      this.definition(schedule, new Date(at.getTime() - 40 * 86_400_000), new Date(at.getTime() + 40 * 86_400_000));
    const holding = ({ versions, overrides }: { versions: ScheduleVersion[]; overrides: Override[] }, name: string) =>
      onCallAt(versions, overrides, at).map((shift) => ({ ...shift, schedule: name }));
    if (filter.schedule) {
      // The hot path (escalations, Incident.onCall): one round trip; the name is checked only when nothing came back.
      const definition = await around({ name: filter.schedule });
      if (!definition.versions.length) await this.byName(filter.schedule);
      return holding(definition, filter.schedule);
    }
    let schedules: ScheduleEntity[];
    if (filter.services) {
      schedules = filter.services.length
        ? await this.dataSource.manager.createQueryBuilder(ScheduleEntity, 's').where('s.services && :services', { services: filter.services }).orderBy('s.name').getMany()
        : [];
    } else schedules = await this.list();
    const result: (Shift & { schedule: string })[] = [];
    for (const schedule of schedules) result.push(...holding(await around(schedule), schedule.name));
    return result;
  }
}
