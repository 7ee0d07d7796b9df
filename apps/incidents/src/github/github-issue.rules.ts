import type { GithubIssuesEvent } from '@companyos/contracts';
import { IncidentSeverity, IncidentStatus } from '../incidents/incident.enums';

/** The GitHub label that makes an issue an incident. */
export const INCIDENT_LABEL = 'incident';
export const DEFAULT_SEVERITY = IncidentSeverity.SEV3;

/** What a GitHub `issues` delivery asks of the incident that mirrors the issue. */
export type IssuePlan =
  | { type: 'ignore'; reason: string }
  | { type: 'declare' }
  | {
      type: 'change';
      title?: string;
      severity?: IncidentSeverity;
      commander?: string;
      resolveAt?: Date;
      reopen?: boolean;
    };

interface TrackedIncident {
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  commander: string | null;
}

const SEVERITY_LABEL = /^sev([1-4])$/i;

/** The most severe `sevN` label on the issue, if any. */
export function severityFromLabels(labels: { name: string }[]): IncidentSeverity | undefined {
  const levels = labels
    .map((label) => SEVERITY_LABEL.exec(label.name.trim())?.[1])
    .filter((level): level is string => Boolean(level))
    .map(Number)
    .sort();
  return levels.length ? (`SEV${levels[0]}` as IncidentSeverity) : undefined;
}

export const hasIncidentLabel = (event: GithubIssuesEvent) =>
  event.issue.labels.some((label) => label.name.trim().toLowerCase() === INCIDENT_LABEL);

export const firstAssignee = (event: GithubIssuesEvent): string | undefined =>
  event.issue.assignees[0]?.login ?? event.issue.assignee?.login ?? undefined;

/**
 * Decides what an `issues` delivery does. An open issue carrying the
 * `incident` label and not yet tracked is declared whatever the action (so a
 * missed `labeled` delivery heals on the next one); a tracked issue follows
 * its GitHub twin: title edits, closing (resolve), reopening, `sevN` labels
 * and a first assignee as commander. Everything else is ignored, with a reason.
 */
export function planIssue(event: GithubIssuesEvent, tracked: TrackedIncident | null): IssuePlan {
  if (!tracked) {
    if (!hasIncidentLabel(event)) return { type: 'ignore', reason: `issue has no "${INCIDENT_LABEL}" label` };
    if (event.issue.state !== 'open') return { type: 'ignore', reason: 'issue is closed and was never tracked' };
    if (event.action === 'deleted') return { type: 'ignore', reason: 'issue was deleted' };
    return { type: 'declare' };
  }
  const resolved = tracked.status === IncidentStatus.RESOLVED;
  switch (event.action) {
    case 'edited':
      return event.issue.title !== tracked.title ? { type: 'change', title: event.issue.title } : noChange();
    case 'closed':
      return resolved ? noChange() : { type: 'change', resolveAt: closedAt(event) };
    case 'reopened':
      return resolved ? { type: 'change', reopen: true } : noChange();
    case 'labeled':
    case 'unlabeled': {
      const severity = severityFromLabels(event.issue.labels);
      return severity && severity !== tracked.severity ? { type: 'change', severity } : noChange();
    }
    case 'assigned': {
      const commander = firstAssignee(event);
      return !tracked.commander && commander ? { type: 'change', commander } : noChange();
    }
    default:
      return { type: 'ignore', reason: `action "${event.action}" does not change an incident` };
  }
}

const noChange = (): IssuePlan => ({ type: 'ignore', reason: 'incident already matches the issue' });
const closedAt = (event: GithubIssuesEvent) => (event.issue.closed_at ? new Date(event.issue.closed_at) : new Date());
