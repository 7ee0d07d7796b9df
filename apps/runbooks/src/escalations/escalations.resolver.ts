import { RequiresRole } from '@companyos/platform';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { EscalationPoliciesService } from './escalation-policies.service';
import { EscalationPolicy, EscalationPolicyInput } from './escalation-policy.model';
import type { EscalationPolicyEntity } from './escalation.entity';

const toPolicy = (p: EscalationPolicyEntity): EscalationPolicy => ({
  id: p.id,
  name: p.name,
  levels: p.levels,
  repeat: p.repeat,
  services: p.services,
  webhookUrl: p.webhookUrl,
});

@Resolver(() => EscalationPolicy)
export class EscalationPoliciesResolver {
  constructor(private readonly policies: EscalationPoliciesService) {}

  @Query(() => EscalationPolicy)
  async escalationPolicy(@Args('name') name: string): Promise<EscalationPolicy> {
    return toPolicy(await this.policies.byName(name));
  }

  @Query(() => [EscalationPolicy])
  async escalationPolicies(): Promise<EscalationPolicy[]> {
    return (await this.policies.list()).map(toPolicy);
  }

  @RequiresRole('admin')
  @Mutation(() => EscalationPolicy, { description: 'INVALID_ESCALATION_POLICY names the field; ESCALATION_POLICY_NAME_TAKEN.' })
  async createEscalationPolicy(@Args('input') input: EscalationPolicyInput): Promise<EscalationPolicy> {
    return toPolicy(await this.policies.create(input));
  }

  @RequiresRole('admin')
  @Mutation(() => EscalationPolicy, { description: 'Replaces the policy; escalations already running keep the version they started with.' })
  async updateEscalationPolicy(@Args('name') name: string, @Args('input') input: EscalationPolicyInput): Promise<EscalationPolicy> {
    return toPolicy(await this.policies.update(name, input));
  }
}
