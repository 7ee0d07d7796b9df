import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { BuildsController } from './builds.controller';
import { DashboardController } from './dashboard.controller';
import { DeploymentsController } from './deployments.controller';
import { GraphqlExecutor } from './graphql-executor';
import { IncidentsController } from './incidents.controller';
import { KnowledgeSyncController } from './knowledge-sync.controller';
import { PlatformHealth } from './platform-health.service';
import { PostmortemsController } from './postmortems.controller';
import { RunbooksController } from './runbooks.controller';
import { SchedulesController } from './schedules.controller';
import { SlosController } from './slos.controller';

/** The seed's REST paths, each running a GraphQL operation through the gateway. */
@Module({
  controllers: [IncidentsController, DeploymentsController, AlertsController, RunbooksController, SchedulesController, PostmortemsController, KnowledgeSyncController, BuildsController, SlosController, DashboardController],
  providers: [GraphqlExecutor, PlatformHealth],
})
export class RestModule {}
