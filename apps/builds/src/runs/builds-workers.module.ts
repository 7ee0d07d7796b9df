import { Module } from '@nestjs/common';
import { GithubActionsIngest } from '../github/github-actions-ingest.service';
import { GithubActionsProcessor } from '../github/github-actions.processor';
import { FailureModelProcessor } from '../prediction/failure-model.processor';
import { BuildsModule } from './builds.module';

/** The builds app's workers, loaded in the worker role. */
@Module({
  imports: [BuildsModule],
  providers: [GithubActionsIngest, GithubActionsProcessor, FailureModelProcessor],
  exports: [GithubActionsIngest],
})
export class BuildsWorkersModule {}
