import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { BuildRunsResolver } from '../builds/build-runs.resolver';
import { DoraResolver } from '../dora/dora.resolver';
import { DoraService } from '../dora/dora.service';
import { IncidentAttribution } from '../incidents/incident-attribution.service';
import { IncidentRecordsService } from '../incidents/incident-records.service';
import { IncidentsResolver } from '../incidents/incidents.resolver';
import { ReleaseGateResolver } from '../release-gate/release-gate.resolver';
import { ReleaseGateService } from '../release-gate/release-gate.service';
import { SloInputsClient } from '../release-gate/slo-inputs.client';
import { TestInputsClient } from '../release-gate/test-inputs.client';
import { RollupsModule } from '../rollups/rollups.module';
import { ServicesResolver } from '../services/services.resolver';
import { DeploymentOutboxEntity } from './deployment-messaging.entities';
import { deploymentsTotalProvider } from './deployments.metrics';
import { DeploymentsResolver } from './deployments.resolver';
import { DeploymentsService } from './deployments.service';

@Module({
  imports: [RollupsModule],
  providers: [
    DeploymentsService,
    IncidentAttribution,
    IncidentRecordsService,
    DoraService,
    ReleaseGateService,
    SloInputsClient,
    TestInputsClient,
    deploymentsTotalProvider,
    outboxRelayProvider(DeploymentOutboxEntity),
  ],
  exports: [RollupsModule, DeploymentsService, IncidentRecordsService, DoraService, ReleaseGateService],
})
export class DeploymentsModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [DeploymentsModule],
  providers: [DeploymentsResolver, BuildRunsResolver, DoraResolver, ReleaseGateResolver, ServicesResolver, IncidentsResolver],
})
export class DeploymentsApiModule {}
