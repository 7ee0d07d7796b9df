import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { ServicesResolver } from '../services/services.resolver';
import { IncidentOutboxEntity } from './incident-messaging.entities';
import { IncidentsResolver } from './incidents.resolver';
import { incidentsTotalProvider } from './incidents.metrics';
import { IncidentsService } from './incidents.service';

@Module({
  providers: [IncidentsService, incidentsTotalProvider, outboxRelayProvider(IncidentOutboxEntity)],
  exports: [IncidentsService],
})
export class IncidentsModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [IncidentsModule],
  providers: [IncidentsResolver, ServicesResolver],
})
export class IncidentsApiModule {}
