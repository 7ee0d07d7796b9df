import { DomainError, isUniqueViolation } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EscalationPolicyEntity } from './escalation.entity';
import { EscalationPolicyInput } from './escalation-policy.model';

export enum EscalationPolicyError {
  NotFound = 'ESCALATION_POLICY_NOT_FOUND',
  NameTaken = 'ESCALATION_POLICY_NAME_TAKEN',
  Invalid = 'INVALID_ESCALATION_POLICY',
}

/** Escalation policies (admin). A running escalation keeps the snapshot it started with. */
@Injectable()
export class EscalationPoliciesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private values(input: EscalationPolicyInput) {
    if (!input.levels.length) throw new DomainError(EscalationPolicyError.Invalid, 'levels: must list at least one level');
    input.levels.forEach((level, i) => {
      if (!level.schedules.length && !level.users.length) throw new DomainError(EscalationPolicyError.Invalid, `levels.${i}: must name schedules or users to page`);
    });
    return {
      name: input.name.trim(),
      levels: input.levels.map((level) => ({ delayMinutes: level.delayMinutes, schedules: level.schedules, users: level.users })),
      repeat: input.repeat,
      services: [...new Set(input.services)],
      webhookUrl: input.webhookUrl ?? null,
    };
  }

  async create(input: EscalationPolicyInput): Promise<EscalationPolicyEntity> {
    try {
      return await this.dataSource.manager.save(this.dataSource.manager.create(EscalationPolicyEntity, this.values(input)));
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(EscalationPolicyError.NameTaken, `an escalation policy named "${input.name}" exists already`);
      throw error;
    }
  }

  async update(name: string, input: EscalationPolicyInput): Promise<EscalationPolicyEntity> {
    const policy = await this.byName(name);
    Object.assign(policy, this.values(input));
    return this.dataSource.manager.save(policy);
  }

  async byName(name: string): Promise<EscalationPolicyEntity> {
    const policy = await this.dataSource.manager.findOneBy(EscalationPolicyEntity, { name });
    if (!policy) throw new DomainError(EscalationPolicyError.NotFound, `escalation policy "${name}" does not exist`);
    return policy;
  }

  list(): Promise<EscalationPolicyEntity[]> {
    return this.dataSource.manager.find(EscalationPolicyEntity, { order: { name: 'ASC' }, take: 1000 });
  }
}
