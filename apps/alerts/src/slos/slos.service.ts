import { DomainError, isUniqueViolation, isUuid } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CreateSloInput, UpdateSloInput } from './dto/slo.input';
import { BURN_RATE_WINDOWS, BurnRateWindow, burnAlert, burnRate, errorBudget, Interval } from './error-budget';
import type { SloDefinition } from './slo-config';
import { SloViolationEntity } from './slo-violation.entity';
import { SloEntity } from './slo.entity';
import { SloError } from './slo.errors';
import type { Slo } from './slo.model';

/** What the budget math needs of an SLO: its objective as a ratio and its window. */
export type SloTarget = Pick<Slo, 'ratio' | 'windowDays'>;

/** How far back violations matter: the longest SLO window. */
export const LONGEST_WINDOW_DAYS = 30;

/** SLO definitions, and their error budgets and burn rates computed from recorded violations. */
@Injectable()
export class SlosService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: CreateSloInput): Promise<SloEntity> {
    try {
      return await this.dataSource.manager.save(
        this.dataSource.manager.create(SloEntity, { ...input, objective: input.objective / 100, description: input.description ?? null }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(SloError.NameTaken, `an SLO named ${input.name} exists already`);
      throw error;
    }
  }

  async update(id: string, input: UpdateSloInput): Promise<SloEntity> {
    const slo = await this.findById(id);
    const { objective, ...rest } = input;
    Object.assign(slo, rest, objective === undefined ? {} : { objective: objective / 100 });
    try {
      return await this.dataSource.manager.save(slo);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(SloError.NameTaken, `an SLO named ${input.name} exists already`);
      throw error;
    }
  }

  async delete(id: string): Promise<SloEntity> {
    const slo = await this.findById(id);
    await this.dataSource.manager.delete(SloEntity, { id: slo.id });
    return slo;
  }

  /** Creates or updates SLOs by name (slo-config.yaml); SLOs missing from the file are left as they are. */
  async apply(definitions: SloDefinition[]): Promise<void> {
    if (!definitions.length) return;
    await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(SloEntity)
      .values(definitions)
      .orUpdate(['service', 'objective', 'window_days', 'description', 'updated_at'], ['name'])
      .execute();
  }

  async findById(id: string): Promise<SloEntity> {
    const slo = isUuid(id) ? await this.dataSource.manager.findOneBy(SloEntity, { id }) : null;
    if (!slo) throw new DomainError(SloError.NotFound, `SLO ${id} does not exist`);
    return slo;
  }

  async findByName(name: string): Promise<SloEntity> {
    const slo = await this.dataSource.manager.findOneBy(SloEntity, { name });
    if (!slo) throw new DomainError(SloError.NotFound, `there is no SLO named ${name}`);
    return slo;
  }

  list(service?: string): Promise<SloEntity[]> {
    return this.dataSource.manager.find(SloEntity, { where: service ? { service } : {}, order: { name: 'ASC' } });
  }

  async byServices(names: readonly string[]): Promise<SloEntity[][]> {
    const rows = await this.dataSource.manager.findBy(SloEntity, { service: In([...names]) });
    return names.map((name) => rows.filter((row) => row.service === name));
  }

  budget(slo: SloTarget, violations: SloViolationEntity[], now = new Date()) {
    return errorBudget({ objective: slo.ratio, windowDays: slo.windowDays }, violations.map(toInterval), now);
  }

  burnRate(slo: SloTarget, violations: SloViolationEntity[], window: BurnRateWindow, now = new Date()): number {
    return burnRate(slo.ratio, violations.map(toInterval), window, now);
  }

  burnAlert(slo: SloTarget, violations: SloViolationEntity[], now = new Date()) {
    const windows = Object.keys(BURN_RATE_WINDOWS) as BurnRateWindow[];
    const rates = Object.fromEntries(windows.map((window) => [window, this.burnRate(slo, violations, window, now)]));
    return burnAlert(rates as Record<BurnRateWindow, number>);
  }
}

const toInterval = (violation: SloViolationEntity): Interval => ({ start: violation.startedAt, end: violation.endedAt });
