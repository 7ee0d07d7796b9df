import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { ActionItemsResolver } from '../action-items/action-items.resolver';
import { ActionItemsService } from '../action-items/action-items.service';
import { AdrsResolver } from '../adrs/adrs.resolver';
import { CopilotService } from '../copilot/copilot.service';
import { CustomerRequestsResolver, RoadmapItemDemandResolver } from '../customer-requests/customer-requests.resolver';
import { CustomerRequestsService } from '../customer-requests/customer-requests.service';
import { AdrsService } from '../adrs/adrs.service';
import { IncidentFactsService } from '../incidents/incident-facts.service';
import { IncidentRecordsService } from '../incidents/incident-records.service';
import { IncidentsResolver } from '../incidents/incidents.resolver';
import { PostmortemsResolver } from '../postmortems/postmortems.resolver';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { RoadmapResolver } from '../roadmap/roadmap.resolver';
import { RoadmapService } from '../roadmap/roadmap.service';
import { KnowledgeOutboxEntity } from './knowledge-messaging.entities';
import { KnowledgeTransactions } from './knowledge-transactions';

@Module({
  providers: [
    KnowledgeTransactions,
    PostmortemsService,
    ActionItemsService,
    IncidentRecordsService,
    IncidentFactsService,
    AdrsService,
    RoadmapService,
    CustomerRequestsService,
    CopilotService,
    outboxRelayProvider(KnowledgeOutboxEntity),
  ],
  exports: [KnowledgeTransactions, PostmortemsService, ActionItemsService, IncidentRecordsService, AdrsService, RoadmapService, CustomerRequestsService, CopilotService],
})
export class KnowledgeModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [KnowledgeModule],
  providers: [PostmortemsResolver, ActionItemsResolver, IncidentsResolver, AdrsResolver, RoadmapResolver, CustomerRequestsResolver, RoadmapItemDemandResolver],
})
export class KnowledgeApiModule {}
