import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { GithubIssueSync } from './github-issue-sync.service';
import { GithubIssuesProcessor } from './github-issues.processor';

/** The incidents app's workers, loaded in the worker role. */
@Module({
  imports: [IncidentsModule],
  providers: [GithubIssueSync, GithubIssuesProcessor],
})
export class GithubModule {}
