import type { DeploymentEntity } from './deployment.entity';
import type { Deployment } from './deployment.model';

/** finish − commit in seconds; null without both, or when negative (clock skew). */
export function leadTimeOf(entity: Pick<DeploymentEntity, 'finishedAt' | 'commitAt'>): number | null {
  if (!entity.finishedAt || !entity.commitAt) return null;
  const seconds = (entity.finishedAt.getTime() - entity.commitAt.getTime()) / 1000;
  return seconds >= 0 ? seconds : null;
}

export const toDeployment = (e: DeploymentEntity): Deployment => ({
  id: e.id,
  serviceName: e.serviceName,
  version: e.version,
  environment: e.environment,
  status: e.status,
  deployedBy: e.deployedBy,
  commitSha: e.commitSha,
  commitTimestamp: e.commitAt,
  githubRunUrl: e.githubRunUrl,
  releaseUrl: e.releaseUrl,
  startedAt: e.startedAt,
  finishedAt: e.finishedAt,
  leadTimeSeconds: leadTimeOf(e),
  rollbackOfId: e.rollbackOf,
  source: e.source,
  repository: e.repository,
  ref: e.ref,
  githubEnvironment: e.githubEnvironment,
  githubState: e.githubState,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
