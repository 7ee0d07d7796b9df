import { githubDeploymentEvent, githubDeploymentStatusEvent, githubIssuesEvent, githubWorkflowRunEvent } from '@companyos/contracts';
import { QueueName, Queues } from '@companyos/platform';
import type { ZodTypeAny } from 'zod';

export interface WebhookRoute {
  queue: QueueName;
  /** Validates (and trims to what the domain needs to trust) the payload at the edge. */
  schema: ZodTypeAny;
}

/** Which GitHub events the platform consumes, and which domain's queue takes each. */
export const GITHUB_ROUTES: Readonly<Record<string, WebhookRoute>> = {
  issues: { queue: Queues.IncidentsGithub, schema: githubIssuesEvent },
  deployment: { queue: Queues.DeploymentsGithub, schema: githubDeploymentEvent },
  deployment_status: { queue: Queues.DeploymentsGithub, schema: githubDeploymentStatusEvent },
  workflow_run: { queue: Queues.DeploymentsGithub, schema: githubWorkflowRunEvent },
};
