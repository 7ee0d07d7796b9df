/** The facts the deployments domain publishes (through its outbox; job id = event id). */
export const DeploymentEvents = {
  /** Reached SUCCEEDED or FAILED. */
  Finished: 'deployment.finished',
  RolledBack: 'deployment.rolled_back',
} as const;

export interface DeploymentEventPayload extends Record<string, unknown> {
  deploymentId: string;
  serviceName: string;
  version: string;
  /** DEVELOPMENT, STAGING or PRODUCTION. */
  environment: string;
  status: string;
  commitSha: string | null;
  finishedAt: string | null;
  rollbackOf: string | null;
}
