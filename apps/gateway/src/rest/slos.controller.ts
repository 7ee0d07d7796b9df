import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { GraphqlExecutor } from './graphql-executor';

/** SLOs for Prometheus: the recording rules and burn-rate alerts of one SLO, as a rule file. */
@Controller('api/companyos/slos')
export class SlosController {
  constructor(private readonly graphql: GraphqlExecutor) {}

  /** 200 YAML (load it with `rule_files`); 404 SLO_NOT_FOUND; 409 SLO_HAS_NO_SLI for an SLO measured from alert time. */
  @Get(':name/prometheus-rules')
  @Header('content-type', 'application/yaml; charset=utf-8')
  async prometheusRules(@Param('name') name: string, @Req() req: Request): Promise<string> {
    const data = await this.graphql.run<{ sloPrometheusRules: string }>(`query ($name: String!) { sloPrometheusRules(name: $name) }`, { name }, req);
    return data.sloPrometheusRules;
  }
}
