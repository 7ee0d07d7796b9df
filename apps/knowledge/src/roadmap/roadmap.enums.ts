import { registerEnumType } from '@nestjs/graphql';

export enum RoadmapStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  BLOCKED = 'BLOCKED',
  CANCELLED = 'CANCELLED',
}

export enum RoadmapItemKind {
  EPIC = 'EPIC',
  STORY = 'STORY',
}

registerEnumType(RoadmapStatus, { name: 'RoadmapStatus' });
registerEnumType(RoadmapItemKind, { name: 'RoadmapItemKind', description: "An epic of backlog.json, or one of its stories (the epic's children)." });
