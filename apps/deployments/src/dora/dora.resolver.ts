import { Args, Query, Resolver } from '@nestjs/graphql';
import { DoraMetricsArgs } from './dto/dora-args';
import { DoraMetrics } from './dora.model';
import { DoraService } from './dora.service';

@Resolver(() => DoraMetrics)
export class DoraResolver {
  constructor(private readonly dora: DoraService) {}

  @Query(() => DoraMetrics, { description: 'The four DORA keys of a service (or all) in an environment, per day, week or month, against the period before.' })
  doraMetrics(@Args() args: DoraMetricsArgs): Promise<DoraMetrics> {
    return this.dora.metrics({ ...args, serviceName: args.serviceName ?? null });
  }
}
