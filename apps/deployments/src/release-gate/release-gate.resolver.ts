import { actorOf, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { OverrideReleaseGateInput, ReleaseGateDecision, ReleaseGateInput } from './release-gate.model';
import { ReleaseGateService } from './release-gate.service';

@Resolver(() => ReleaseGateDecision)
export class ReleaseGateResolver {
  constructor(private readonly gate: ReleaseGateService) {}

  @Query(() => ReleaseGateDecision, { description: 'May this version be deployed now? Unknown inputs deny; nothing is recorded.' })
  releaseGate(@Args('input') input: ReleaseGateInput): Promise<ReleaseGateDecision> {
    return this.gate.evaluate(input);
  }

  @RequiresRole('admin')

  @Mutation(() => ReleaseGateDecision, { description: 'Emergency override: allowed whatever the violations, recorded with who and why.' })
  overrideReleaseGate(@Args('input') input: OverrideReleaseGateInput, @Context() ctx: RequestContext): Promise<ReleaseGateDecision> {
    return this.gate.override(input, actorOf(ctx));
  }
}
