import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';
import { ApiCall, ApiFacade, ApiJsonBody, ApiPage, ApiQueries, pageSchema } from '../openapi/api-docs';

/** The seed's sync calls (admin): ADRs from ADR_DIR, the roadmap from ROADMAP_FILE, both read by the knowledge app. */
@ApiFacade('knowledge')
@Controller('api/companyos')
export class KnowledgeSyncController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  @ApiCall('Sync ADRs from ADR_DIR (admin)', 200, 'What changed.')
  @Post('adrs/sync')
  @HttpCode(200)
  async syncAdrs(@Req() req: Request) {
    const data = await this.graphql.run<{ syncAdrs: unknown }>(
      `mutation { syncAdrs { directory scanned created updated unchanged removed skipped errors { path message } warnings { path message } } }`,
      {},
      req,
    );
    return data.syncAdrs;
  }

  @ApiCall('Sync the roadmap from ROADMAP_FILE (admin)', 200, 'What changed.')
  @Post('roadmap/sync')
  @HttpCode(200)
  async syncRoadmap(@Req() req: Request) {
    const data = await this.graphql.run<{ syncRoadmap: unknown }>(
      `mutation { syncRoadmap { file version epics stories created updated removed } }`,
      {},
      req,
    );
    return data.syncRoadmap;
  }
}
