import type { RoadmapItemEntity } from './roadmap-item.entity';
import type { RoadmapItem } from './roadmap-item.model';

export const toRoadmapItem = (e: RoadmapItemEntity): RoadmapItem => ({
  id: e.id,
  key: e.key,
  kind: e.kind,
  title: e.title,
  priority: e.priority,
  owner: e.owner,
  dependsOn: e.dependsOn,
  acceptanceCriteria: e.acceptanceCriteria,
  status: e.status,
  progressPercentage: e.progressPercentage,
  githubMilestoneUrl: e.githubMilestoneUrl,
  removedAt: e.removedAt,
  updatedAt: e.updatedAt,
  parentId: e.parentId,
});
