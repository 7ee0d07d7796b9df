import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { AlertsResolver } from '../alerts/alerts.resolver';
import { StalenessService } from '../deployments/staleness.service';
import { EscalationPoliciesService } from '../escalations/escalation-policies.service';
import { EscalationPoliciesResolver } from '../escalations/escalations.resolver';
import { EscalationsService } from '../escalations/escalations.service';
import { PagerClient } from '../escalations/pager.client';
import { ExecutionsResolver } from '../executions/executions.resolver';
import { ExecutionsService } from '../executions/executions.service';
import { IncidentsResolver } from '../incidents/incidents.resolver';
import { SchedulesResolver } from '../schedules/schedules.resolver';
import { SchedulesService } from '../schedules/schedules.service';
import { ServicesResolver } from '../services/services.resolver';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { RunbookOutboxEntity } from './runbook-messaging.entities';
import { RunbookSyncService } from './runbook-sync.service';
import { runbookExecutionsTotalProvider, runbookSyncsTotalProvider } from './runbooks.metrics';
import { RunbooksResolver } from './runbooks.resolver';
import { RunbooksService } from './runbooks.service';

@Module({
  providers: [
    RunbooksService,
    RunbookSyncService,
    ExecutionsService,
    SuggestionsService,
    SchedulesService,
    EscalationPoliciesService,
    EscalationsService,
    PagerClient,
    StalenessService,
    runbookSyncsTotalProvider,
    runbookExecutionsTotalProvider,
    outboxRelayProvider(RunbookOutboxEntity),
  ],
  exports: [RunbooksService, RunbookSyncService, ExecutionsService, SuggestionsService, SchedulesService, EscalationsService, EscalationPoliciesService, StalenessService],
})
export class RunbooksModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [RunbooksModule],
  providers: [RunbooksResolver, ExecutionsResolver, ServicesResolver, IncidentsResolver, AlertsResolver, SchedulesResolver, EscalationPoliciesResolver],
})
export class RunbooksApiModule {}
