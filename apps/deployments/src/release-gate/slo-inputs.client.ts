import { InjectPlatformConfig, PlatformConfig } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';
import { querySubgraph } from './subgraph-query';

/** What the release gate needs from the alerts domain; null where it is unknown, with why. */
export interface SloInputs {
  errorBudgetRemaining: number | null;
  fastBurnRate: number | null;
  slowBurnRate: number | null;
  unknownBecause: string | null;
}

/** Burn-rate windows the gate reads: the SRE workbook's fast (1 h) and slow (3 d) windows. */
const SERVICE_SLOS_QUERY = `query ReleaseGateSloInputs($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Service { errorBudgetRemaining slos { fast: burnRate(window: H1) slow: burnRate(window: D3) } }
  }
}`;

interface EntitiesData {
  _entities?: ({ errorBudgetRemaining: number | null; slos: { fast: number; slow: number }[] } | null)[];
}

/**
 * Reads a service's error budget and burn rates from the alerts subgraph, as
 * a federation entity reference (`_entities` on Service), so deployments
 * never reads the alerts tables. The budget is the service's lowest; burn
 * rates are the highest of its SLOs. Anything that cannot be read is null,
 * never assumed.
 */
@Injectable()
export class SloInputsClient {
  constructor(
    @InjectDeploymentsConfig() private readonly config: DeploymentsConfig,
    @InjectPlatformConfig() private readonly platform: PlatformConfig,
  ) {}

  async lookup(serviceName: string): Promise<SloInputs> {
    const url = this.config.alertsSubgraphUrl;
    if (!url) return unknown('ALERTS_SUBGRAPH_URL is not set, so error budget and burn rates cannot be read');
    // Subgraphs answer only requests signed for them; this one acts as the deployments service itself (a reader).
    const reply = await querySubgraph<EntitiesData>(this.platform, { subgraph: 'alerts', url, timeoutMs: this.config.sloLookupTimeoutMs }, SERVICE_SLOS_QUERY, {
      representations: [{ __typename: 'Service', name: serviceName }],
    });
    if (reply.unknownBecause !== undefined) return unknown(reply.unknownBecause);
    const service = reply.data?._entities?.[0];
    if (!service || !service.slos.length) return unknown(`${serviceName} has no SLO in the alerts domain`);
    return {
      errorBudgetRemaining: service.errorBudgetRemaining,
      fastBurnRate: Math.max(...service.slos.map((slo) => slo.fast)),
      slowBurnRate: Math.max(...service.slos.map((slo) => slo.slow)),
      unknownBecause: null,
    };
  }
}

const unknown = (reason: string): SloInputs => ({ errorBudgetRemaining: null, fastBurnRate: null, slowBurnRate: null, unknownBecause: reason });
