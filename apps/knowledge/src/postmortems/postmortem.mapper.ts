import type { PostmortemEntity } from './postmortem.entity';
import type { Postmortem } from './postmortem.model';

export const toPostmortem = (e: PostmortemEntity): Postmortem => ({
  id: e.id,
  incidentId: e.incidentId,
  title: e.title,
  status: e.status,
  summary: e.summary,
  impact: e.impact,
  rootCauseAnalysis: e.rootCauseAnalysis,
  contributingFactors: e.contributingFactors,
  trigger: e.trigger,
  detection: e.detection,
  resolution: e.resolution,
  lessonsLearned: e.lessonsLearned,
  lessons: { wentWell: e.lessons?.wentWell ?? [], wentWrong: e.lessons?.wentWrong ?? [], gotLucky: e.lessons?.gotLucky ?? [] },
  timeline: (e.timeline ?? []).map((entry) => ({ at: new Date(entry.at), kind: entry.kind, description: entry.description })),
  autoDrafted: e.autoDrafted,
  createdBy: e.createdBy,
  publishedAt: e.publishedAt,
  publishedBy: e.publishedBy,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
