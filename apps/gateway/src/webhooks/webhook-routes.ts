import {
  githubDeploymentEvent,
  githubDeploymentStatusEvent,
  githubIssuesEvent,
  githubMilestoneEvent,
  githubWorkflowJobEvent,
  githubWorkflowRunEvent,
} from '@companyos/contracts';
import { QueueName, Queues } from '@companyos/platform';
import type { ZodTypeAny } from 'zod';

export interface WebhookRoute {
  /** Every domain queue that takes the event (one stored delivery per queue, each re-driven on its own). */
  queues: readonly QueueName[];
  /** Validates (and trims to what the domain needs to trust) the payload at the edge. */
  schema: ZodTypeAny;
}

/** Which GitHub events the platform consumes, and which domain's queue takes each. */
export const GITHUB_ROUTES: Readonly<Record<string, WebhookRoute>> = {
  // Issues become incidents; the knowledge app reads the counts of the milestone an issue is in (roadmap progress).
  issues: { queues: [Queues.IncidentsGithub, Queues.KnowledgeGithub], schema: githubIssuesEvent },
  milestone: { queues: [Queues.KnowledgeGithub], schema: githubMilestoneEvent },
  deployment: { queues: [Queues.DeploymentsGithub], schema: githubDeploymentEvent },
  deployment_status: { queues: [Queues.DeploymentsGithub], schema: githubDeploymentStatusEvent },
  // Every workflow run goes to builds (CI analytics); deployments keeps reading the deploy workflows among them.
  workflow_run: { queues: [Queues.DeploymentsGithub, Queues.BuildsGithub], schema: githubWorkflowRunEvent },
  workflow_job: { queues: [Queues.BuildsGithub], schema: githubWorkflowJobEvent },
};
