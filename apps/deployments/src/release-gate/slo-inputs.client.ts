import { InjectPlatformConfig, PlatformConfig, requireSubgraphSecret, servicePrincipal, signedRequestHeaders } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { DeploymentsConfig, InjectDeploymentsConfig } from '../deployments.config';

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

interface EntitiesResponse {
  data?: { _entities?: ({ errorBudgetRemaining: number | null; slos: { fast: number; slow: number }[] } | null)[] };
  errors?: { message: string }[];
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
    let reply: EntitiesResponse;
    try {
      const body = JSON.stringify({ query: SERVICE_SLOS_QUERY, variables: { representations: [{ __typename: 'Service', name: serviceName }] } });
      // Subgraphs answer only requests signed for them; this one acts as the deployments service itself (a reader).
      const principal = servicePrincipal(this.platform.appName);
      const signed = signedRequestHeaders(requireSubgraphSecret(this.platform), { subgraph: 'alerts', method: 'POST', url, body, principal });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed },
        body,
        signal: AbortSignal.timeout(this.config.sloLookupTimeoutMs),
      });
      reply = (await response.json()) as EntitiesResponse;
      if (!response.ok && !reply.errors) return unknown(`the alerts subgraph answered ${response.status}`);
    } catch (error) {
      return unknown(`the alerts subgraph could not be reached: ${(error as Error).message}`);
    }
    if (reply.errors?.length) return unknown(`the alerts subgraph answered with an error: ${reply.errors[0].message}`);
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
