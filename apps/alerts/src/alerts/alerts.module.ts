import { outboxRelayProvider } from '@companyos/platform';
import { Module } from '@nestjs/common';
import { IncidentsResolver } from '../incidents/incidents.resolver';
import { ServicesResolver } from '../services/services.resolver';
import { PrometheusClient } from '../slos/prometheus.client';
import { SloBudgetsService } from '../slos/slo-budgets.service';
import { SloConfigLoader } from '../slos/slo-config.loader';
import { SloViolationsService } from '../slos/slo-violations.service';
import { sloViolationsTotalProvider } from '../slos/slos.metrics';
import { SlosResolver } from '../slos/slos.resolver';
import { SlosService } from '../slos/slos.service';
import { AlertOutboxEntity } from './alert-messaging.entities';
import { alertsTotalProvider, truncatedAlertsProvider } from './alerts.metrics';
import { AlertsResolver } from './alerts.resolver';
import { AlertsService } from './alerts.service';

@Module({
  providers: [
    AlertsService,
    SlosService,
    SloViolationsService,
    SloConfigLoader,
    alertsTotalProvider,
    truncatedAlertsProvider,
    sloViolationsTotalProvider,
    outboxRelayProvider(AlertOutboxEntity),
  ],
  exports: [AlertsService, SlosService, SloViolationsService, alertsTotalProvider, truncatedAlertsProvider],
})
export class AlertsModule {}

/** The GraphQL face of the domain, loaded in the api role. */
@Module({
  imports: [AlertsModule],
  providers: [AlertsResolver, SlosResolver, ServicesResolver, IncidentsResolver, PrometheusClient, SloBudgetsService],
})
export class AlertsApiModule {}
