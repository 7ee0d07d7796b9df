import { DeploymentEventPayload, DeploymentEvents } from '@companyos/contracts';
import { domainEvent, DomainEvent } from '@companyos/platform';
import type { DeploymentEntity } from './deployment.entity';

// The event names and payload are a contract (libs/contracts): the runbooks domain counts production deployments from them.
export { DeploymentEvents };
export type { DeploymentEventPayload };

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
