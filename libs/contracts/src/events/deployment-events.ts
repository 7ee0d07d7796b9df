/** The facts the deployments domain publishes (through its outbox; job id = event id). */
export const DeploymentEvents = {
  /** Reached SUCCEEDED or FAILED. */
  Finished: 'deployment.finished',
  RolledBack: 'deployment.rolled_back',
  /** Which deployment caused an incident changed (attributed automatically, linked by a person, or none any more). */
  IncidentAttributed: 'deployment.incident_attributed',
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

/** The deployment that caused an incident, as the deployments domain now attributes it (change failure rate). */
export interface IncidentAttributionPayload extends Record<string, unknown> {
  incidentId: string;
  /** The causing deployment, or null when no deployment is attributed any more. */
  deployment: DeploymentEventPayload | null;
  /** AUTOMATIC (the last production deployment of an affected service before it started) or MANUAL (linked by a person). */
  attribution: string | null;
  linkedBy: string | null;
  /** When the attribution changed (the deployments database's clock, taken under the incident's row lock): the latest wins. */
  attributedAt: string;
}
