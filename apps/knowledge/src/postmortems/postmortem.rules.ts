import { DomainError } from '@companyos/platform';
import type { DraftFacts } from '../incidents/incident-facts.rules';
import type { IncidentState } from '../incidents/incident-record.rules';
import type { LessonsRecord, TimelineEntryRecord } from './postmortem.entity';
import { PostmortemStatus } from './postmortem.enums';
import { PostmortemError } from './postmortem.errors';

const MOVES: Record<PostmortemStatus, PostmortemStatus[]> = {
  [PostmortemStatus.DRAFT]: [PostmortemStatus.IN_REVIEW, PostmortemStatus.PUBLISHED],
  [PostmortemStatus.IN_REVIEW]: [PostmortemStatus.DRAFT, PostmortemStatus.PUBLISHED],
  [PostmortemStatus.PUBLISHED]: [],
};

/** Refuses any change to a published postmortem: it is the record, frozen. */
export function assertEditable(id: string, status: PostmortemStatus): void {
  if (status === PostmortemStatus.PUBLISHED) {
    throw new DomainError(PostmortemError.Published, `postmortem ${id} is published and can no longer be edited`);
  }
}

/** Checks a status change (the same status is no change); publishing needs a root cause analysis. */
export function assertTransition(id: string, from: PostmortemStatus, to: PostmortemStatus, rootCauseAnalysis: string | null): void {
  assertEditable(id, from);
  if (from === to) return;
  if (!MOVES[from].includes(to)) {
    throw new DomainError(PostmortemError.InvalidTransition, `postmortem ${id} cannot move from ${from} to ${to}`);
  }
  if (to === PostmortemStatus.PUBLISHED && !rootCauseAnalysis?.trim()) {
    throw new DomainError(PostmortemError.Incomplete, `postmortem ${id} cannot be published without rootCauseAnalysis`);
  }
}

/** "1 h 5 min", "3 min 20 s", "45 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [d && `${d} d`, h && `${h} h`, m && `${m} min`, !d && !h && s && `${s} s`].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}

export interface PostmortemDraft {
  title: string;
  summary: string;
  impact: string;
  detection: string;
  resolution: string;
  trigger: string | null;
  timeline: TimelineEntryRecord[];
  lessons: LessonsRecord;
}

const NO_FACTS: DraftFacts = { timeline: [], alertNames: [], trigger: null };

/**
 * A postmortem draft pre-filled from what the platform knows of a resolved
 * incident: its timeline (declared, acknowledged, mitigated, resolved) with
 * each step's duration from the start, its impact and services, and what
 * other domains said of it: its alerts, its runbook executions, and the
 * deployment that caused it (the trigger). Root cause, contributing factors
 * and lessons are left for people to write.
 */
export function draftFromIncident(incident: IncidentState & { incidentId: string }, facts: DraftFacts = NO_FACTS): PostmortemDraft {
  const start = incident.startedAt.getTime();
  const since = (at: Date) => formatDuration(at.getTime() - start);
  const name = incident.title ?? `Incident #${incident.number}`;
  const services = incident.affectedServices.length ? incident.affectedServices.join(', ') : 'no service named';
  const timeline: TimelineEntryRecord[] = [
    { at: incident.startedAt.toISOString(), kind: 'DETECTED', description: `${incident.severity} incident #${incident.number} declared: ${name}` },
  ];
  const steps: [Date | null, string, string][] = [
    [incident.acknowledgedAt, 'ACKNOWLEDGED', `acknowledged${incident.commander ? ` (commander ${incident.commander})` : ''}`],
    [incident.mitigatedAt, 'MITIGATED', 'mitigated (monitoring)'],
    [incident.resolvedAt, 'RESOLVED', `resolved${incident.resolution ? `: ${incident.resolution}` : ''}`],
  ];
  for (const [at, kind, what] of steps) {
    if (at) timeline.push({ at: at.toISOString(), kind, description: `${what}, ${since(at)} after detection` });
  }
  timeline.push(...facts.timeline);
  // Stable: at the same instant, the incident's own step comes first.
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  const durations = steps
    .filter(([at]) => at)
    .map(([at, kind]) => `time to ${kind === 'ACKNOWLEDGED' ? 'acknowledge' : kind === 'MITIGATED' ? 'mitigate' : 'resolve'}: ${since(at as Date)}`);
  return {
    title: `Postmortem: ${name}`,
    summary:
      `${incident.severity} incident #${incident.number} (${name}) affected ${services}; ` +
      `declared ${incident.startedAt.toISOString()}${incident.resolvedAt ? `, resolved ${incident.resolvedAt.toISOString()}` : ''}` +
      `${durations.length ? ` (${durations.join(', ')})` : ''}.`,
    impact: [incident.customerImpact ? 'Customers were affected.' : 'No customer impact was recorded.', incident.impactDescription]
      .filter(Boolean)
      .join(' '),
    detection:
      `Declared at ${incident.startedAt.toISOString()}${facts.alertNames.length ? ` from alert${facts.alertNames.length > 1 ? 's' : ''} ${facts.alertNames.join(', ')}` : ''}` +
      `${incident.acknowledgedAt ? `; acknowledged ${since(incident.acknowledgedAt)} later` : ''}.`,
    resolution: incident.resolution ?? (incident.resolvedAt ? `Resolved ${since(incident.resolvedAt)} after detection.` : ''),
    trigger: facts.trigger,
    timeline,
    lessons: { wentWell: [], wentWrong: [], gotLucky: [] },
  };
}
