import { PageArgs, RequestContext, RequiresRole } from '@companyos/platform';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdrsFilter } from './dto/adrs-filter.input';
import { toAdr } from './adr.mapper';
import { Adr, AdrConnection, AdrSyncResult } from './adr.model';
import { AdrsService } from './adrs.service';

@Resolver(() => Adr)
export class AdrsResolver {
  constructor(private readonly service: AdrsService) {}

  @Query(() => Adr, { description: 'One ADR by id; ADR_NOT_FOUND if there is none.' })
  async adr(@Args('id', { type: () => ID }) id: string): Promise<Adr> {
    return toAdr(await this.service.findById(id));
  }

  @Query(() => AdrConnection, { description: 'ADRs by number, then date, then path.' })
  adrs(@Args('filter', { type: () => AdrsFilter, nullable: true }) filter: AdrsFilter | undefined, @Args() page: PageArgs) {
    return this.service.list(filter, page.first, page.after);
  }

  @RequiresRole('admin')
  @Mutation(() => AdrSyncResult, { description: 'Reads every ADR under ADR_DIR (POST /api/companyos/adrs/sync); a bad file is listed in errors.' })
  syncAdrs(): Promise<AdrSyncResult> {
    return this.service.sync();
  }

  @ResolveField(() => [Adr], { description: 'The ADRs this one replaces.' })
  supersedes(@Parent() adr: Adr, @Context() ctx: RequestContext): Promise<Adr[]> {
    return this.byPaths(ctx, adr.supersedesPaths);
  }

  @ResolveField(() => [Adr], { description: 'The ADRs that replace this one.' })
  supersededBy(@Parent() adr: Adr, @Context() ctx: RequestContext): Promise<Adr[]> {
    return this.byPaths(ctx, adr.supersededByPaths);
  }

  @ResolveField(() => [Adr], { description: 'The ADRs this one amends.' })
  amends(@Parent() adr: Adr, @Context() ctx: RequestContext): Promise<Adr[]> {
    return this.byPaths(ctx, adr.amendsPaths);
  }

  private async byPaths(ctx: RequestContext, paths: string[]): Promise<Adr[]> {
    const loader = ctx.loaders.get('adr.byPath', (keys: readonly string[]) => this.service.byPaths(keys));
    const rows = await loader.loadMany(paths);
    return rows.filter((row): row is NonNullable<typeof row> & object => !!row && !(row instanceof Error)).map((row) => toAdr(row as never));
  }
}
