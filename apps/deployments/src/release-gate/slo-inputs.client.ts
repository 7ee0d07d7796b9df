import { InjectPlatformConfig, PlatformConfig } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { gateSloInputs, SloInputs, unknownSloInputs } from './slo-inputs.rules';
import { querySubgraph } from './subgraph-query';

export type { SloInputs } from './slo-inputs.rules';

/** Burn-rate windows the gate reads: fast 1 h confirmed by 5 min, slow 3 d confirmed by 6 h (slo-inputs.rules.ts). */
const SERVICE_SLOS_QUERY = `query ReleaseGateSloInputs($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Service {
      slos {
        name budgetSource errorBudget { remaining unknownBecause }
        m5: burnRate(window: M5) h1: burnRate(window: H1) h6: burnRate(window: H6) d3: burnRate(window: D3)
      }
    }
  }
}`;

interface ServiceSlo {
  name: string;
  budgetSource: string;
  errorBudget: { remaining: number | null; unknownBecause: string | null };
  m5: number | null;
  h1: number | null;
  h6: number | null;
  d3: number | null;
}

interface EntitiesData {
  _entities?: ({ slos: ServiceSlo[] } | null)[];
}

/**
 * Reads a service's SLOs (error budget and burn rates) from the alerts
 * subgraph, as a federation entity reference (`_entities` on Service), so
 * deployments never reads the alerts tables; gateSloInputs turns them into
 * the gate's inputs. Anything that cannot be read is null, never assumed.
 */
@Injectable()
export class SloInputsClient {
  constructor(
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  async lookup(serviceName: string): Promise<SloInputs> {
    const url = this.config.alertsSubgraphUrl;
    if (!url) return unknownSloInputs('ALERTS_SUBGRAPH_URL is not set, so error budget and burn rates cannot be read');
    // Subgraphs answer only requests signed for them; this one acts as the deployments service itself (a reader).
    const reply = await querySubgraph<EntitiesData>(this.platform, { subgraph: 'alerts', url, timeoutMs: this.config.sloLookupTimeoutMs }, SERVICE_SLOS_QUERY, {
      representations: [{ __typename: 'Service', name: serviceName }],
    });
    if (reply.unknownBecause !== undefined) return unknownSloInputs(reply.unknownBecause);
    const service = reply.data?._entities?.[0];
    if (!service) return unknownSloInputs(`the alerts subgraph did not resolve service ${serviceName}`);
    return gateSloInputs(
      service.slos.map((slo) => ({
        name: slo.name,
        budgetSource: slo.budgetSource,
        remaining: slo.errorBudget.remaining,
        unknownBecause: slo.errorBudget.unknownBecause,
        burnRates: { m5: slo.m5, h1: slo.h1, h6: slo.h6, d3: slo.d3 },
      })),
    );
  }
}
