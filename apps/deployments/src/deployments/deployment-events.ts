import { DeploymentEventPayload, DeploymentEvents, IncidentAttributionPayload } from '@companyos/contracts';
import { domainEvent, DomainEvent } from '@companyos/platform';
import type { DeploymentEntity } from './deployment.entity';

// The event names and payload are a contract (libs/contracts): the runbooks domain counts production deployments from them.
export { DeploymentEvents };
export type { DeploymentEventPayload };

export function deploymentEvent(type: (typeof DeploymentEvents)[keyof typeof DeploymentEvents], d: DeploymentEntity): DomainEvent<DeploymentEventPayload> {
  return domainEvent<DeploymentEventPayload>(type, d.id, deploymentPayload(d));
}

/** The deployment as other domains see it. */
export function deploymentPayload(d: DeploymentEntity): DeploymentEventPayload {
  return {
    deploymentId: d.id,
    serviceName: d.serviceName,
    version: d.version,
    environment: d.environment,
    status: d.status,
    commitSha: d.commitSha,
    finishedAt: d.finishedAt?.toISOString() ?? null,
    rollbackOf: d.rollbackOf,
  };
}

/** The deployment now attributed as an incident's cause (or none), stamped with the database's clock. */
export function incidentAttributedEvent(
  incidentId: string,
  deployment: DeploymentEntity | null,
  attribution: string | null,
  linkedBy: string | null,
  attributedAt: Date,
): DomainEvent<IncidentAttributionPayload> {
  return domainEvent<IncidentAttributionPayload>(DeploymentEvents.IncidentAttributed, incidentId, {
    incidentId,
    deployment: deployment ? deploymentPayload(deployment) : null,
    attribution,
    linkedBy,
    attributedAt: attributedAt.toISOString(),
  });
}
