import { DomainError, isUniqueViolation, isUuid } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CreateSloInput, UpdateSloInput } from './dto/slo.input';
import type { SloDefinition } from './slo-config';
import { SloEntity } from './slo.entity';
import { SloError } from './slo.errors';
import { PrometheusRulesInput, prometheusRulesYaml } from './prometheus-rules.rules';

/** How far back violations matter: the longest SLO window. */
export const LONGEST_WINDOW_DAYS = 30;

/** SLO definitions (their budgets are assessed by SloBudgetsService). */
@Injectable()
export class SlosService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: CreateSloInput): Promise<SloEntity> {
    try {
      return await this.dataSource.manager.save(
        this.dataSource.manager.create(SloEntity, {
          name: input.name,
          service: input.service,
          objective: input.objective / 100,
          windowDays: input.windowDays,
          description: input.description ?? null,
          ...sliColumns(input.sli ?? null),
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(SloError.NameTaken, `an SLO named ${input.name} exists already`);
      throw error;
    }
  }

  async update(id: string, input: UpdateSloInput): Promise<SloEntity> {
    const slo = await this.findById(id);
    const { objective, sli, ...rest } = input;
    Object.assign(slo, rest, objective === undefined ? {} : { objective: objective / 100 }, sli === undefined ? {} : sliColumns(sli));
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
      .orUpdate(['service', 'objective', 'window_days', 'description', 'sli_error_query', 'sli_total_query', 'updated_at'], ['name'])
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

  async byNames(names: readonly string[]): Promise<(SloEntity | null)[]> {
    const rows = await this.dataSource.manager.findBy(SloEntity, { name: In([...names]) });
    return names.map((name) => rows.find((row) => row.name === name) ?? null);
  }

  /** The Sloth-style recording rules and burn-rate alerts of an SLO measured by Prometheus, as YAML. */
  async prometheusRules(name: string): Promise<string> {
    const slo = await this.findByName(name);
    if (!slo.sliErrorQuery || !slo.sliTotalQuery) {
      throw new DomainError(SloError.HasNoSli, `SLO ${name} has no sli (it is measured from alert time); only an SLO measured by Prometheus has rules`);
    }
    const input: PrometheusRulesInput = {
      name: slo.name,
      service: slo.service,
      objective: slo.objective,
      windowDays: slo.windowDays,
      sli: { errorQuery: slo.sliErrorQuery, totalQuery: slo.sliTotalQuery },
    };
    return prometheusRulesYaml(input);
  }
}

/** The SLI input as stored: both queries trimmed, or neither. */
const sliColumns = (sli: { errorQuery: string; totalQuery: string } | null) => ({
  sliErrorQuery: sli ? sli.errorQuery.trim() : null,
  sliTotalQuery: sli ? sli.totalQuery.trim() : null,
});
