import { Module } from '@nestjs/common';
import { GithubDeploymentsIngest } from '../github/github-deployments.ingest';
import { GithubDeploymentsProcessor } from '../github/github-deployments.processor';
import { IncidentEventsProcessor } from '../incidents/incident-events.processor';
import { RollupsProcessor } from '../rollups/rollups.processor';
import { DeploymentsModule } from './deployments.module';

/** The deployments app's workers, loaded in the worker role. */
@Module({
  imports: [DeploymentsModule],
  providers: [GithubDeploymentsIngest, GithubDeploymentsProcessor, IncidentEventsProcessor, RollupsProcessor],
  exports: [GithubDeploymentsIngest],
})
export class DeploymentsWorkersModule {}
