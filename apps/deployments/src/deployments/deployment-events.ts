import { domainEvent, DomainEvent } from '@companyos/platform';
import type { DeploymentEntity } from './deployment.entity';

/** The facts the deployments domain publishes (no domain subscribes yet; builds intelligence will). */
export const DeploymentEvents = {
  /** Reached SUCCEEDED or FAILED. */
  Finished: 'deployment.finished',
  RolledBack: 'deployment.rolled_back',
} as const;

export interface DeploymentEventPayload extends Record<string, unknown> {
  deploymentId: string;
  serviceName: string;
  version: string;
  environment: string;
  status: string;
  commitSha: string | null;
  finishedAt: string | null;
  rollbackOf: string | null;
}

export function deploymentEvent(type: (typeof DeploymentEvents)[keyof typeof DeploymentEvents], d: DeploymentEntity): DomainEvent<DeploymentEventPayload> {
  return domainEvent<DeploymentEventPayload>(type, d.id, {
    deploymentId: d.id,
    serviceName: d.serviceName,
    version: d.version,
    environment: d.environment,
    status: d.status,
    commitSha: d.commitSha,
    finishedAt: d.finishedAt?.toISOString() ?? null,
    rollbackOf: d.rollbackOf,
  });
}
