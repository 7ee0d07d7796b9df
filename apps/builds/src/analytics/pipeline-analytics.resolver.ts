import { Args, Query, Resolver } from '@nestjs/graphql';
import { BottlenecksArgs, PipelineStatsArgs } from './dto/pipeline-args';
import { PipelineAnalyticsService } from './pipeline-analytics.service';
import { Bottlenecks, PipelineStats } from './pipeline-stats.model';

@Resolver()
export class PipelineAnalyticsResolver {
  constructor(private readonly service: PipelineAnalyticsService) {}

  @Query(() => PipelineStats, { description: 'Runs, success rate, duration and queue percentiles, pipeline MTTR, against the previous period.' })
  pipelineStats(@Args() { repository, workflow, branch, from, to, granularity }: PipelineStatsArgs): Promise<PipelineStats> {
    return this.service.stats(repository, workflow ?? null, branch ?? null, from, to, granularity);
  }

  @Query(() => Bottlenecks, { description: 'Jobs ranked by their exclusive time on the critical path (inferred from job timings), and the slowest steps.' })
  bottlenecks(@Args() { repository, workflow, from, to, first }: BottlenecksArgs): Promise<Bottlenecks> {
    return this.service.bottlenecks(repository, workflow ?? null, from, to, first);
  }
}
