import { IncidentEvents } from '@companyos/contracts';

/** One level of a policy: after `delayMinutes` (from the previous level; the first from the start), page its targets. */
export interface EscalationLevel {
  delayMinutes: number;
  /** Schedules whose on-call people are paged, by name. */
  schedules: string[];
  /** People paged directly. */
  users: string[];
}

export interface PolicySnapshot {
  name: string;
  levels: EscalationLevel[];
  /** How many times the whole list runs again after the last level (0–5). */
  repeat: number;
  webhookUrl: string | null;
}

export interface Step {
  /** 0-based round (repeat) and level. */
  round: number;
  level: number;
}

/** Severities that page. */
export const PAGING_SEVERITIES = ['SEV1', 'SEV2'];

/** Whether an incident event starts escalations: a SEV1/SEV2 incident declared (or raised to SEV1/SEV2 while still OPEN). */
export function startsEscalation(type: string, severity: string, status: string): boolean {
  if (!PAGING_SEVERITIES.includes(severity) || status !== 'OPEN') return false;
  return type === IncidentEvents.Declared || type === IncidentEvents.Updated || type === IncidentEvents.Reopened;
}

/** Whether an incident event stops its escalations: someone acknowledged it, or it moved on from OPEN, or it was resolved. */
export function stopsEscalation(type: string, status: string): string | null {
  if (type === IncidentEvents.Acknowledged) return 'acknowledged';
  if (type === IncidentEvents.Resolved || status === 'RESOLVED') return 'resolved';
  if (status !== 'OPEN') return `status ${status.toLowerCase()}`;
  return null;
}

/** The step after `step`, or null when the policy (with its repeats) is done. */
export function nextStep(step: Step, policy: PolicySnapshot): Step | null {
  if (step.level + 1 < policy.levels.length) return { round: step.round, level: step.level + 1 };
  if (step.round < policy.repeat) return { round: step.round + 1, level: 0 };
  return null;
}

/** Milliseconds to wait before a step runs (its level's delay; a repeat starts with the first level's delay again). */
export const delayOf = (step: Step, policy: PolicySnapshot) => Math.round(policy.levels[step.level].delayMinutes * 60_000);

/**
 * When the step after one due at `dueAt` is due: its delay after that, however
 * late that one ran (so lateness never adds up level after level); at once
 * (`now`) when the level had nobody to page.
 */
export const nextDueAt = (dueAt: number, next: Step, policy: PolicySnapshot, paged: boolean, now: number) => (paged ? dueAt + delayOf(next, policy) : now);

/** BullMQ job id of a step: the same step of the same escalation is one job, however often it is scheduled. */
export const stepJobId = (escalationId: string, step: Step) => `esc-${escalationId}-r${step.round}-l${step.level}`;

/** BullMQ job id of one page: one per person, channel and step. */
export const pageJobId = (escalationId: string, step: Step, target: string, channel: string) =>
  `page-${escalationId}-r${step.round}-l${step.level}-${channel}-${Buffer.from(target).toString('base64url')}`;

export interface PageContext {
  incidentId: string;
  incidentTitle: string | null;
  severity: string;
  services: string[];
  policy: string;
  step: Step;
  target: string;
}

/** A Slack-compatible webhook body (Slack, Mattermost, Rocket.Chat, most chat-ops hooks read `text`). */
export function webhookBody(page: PageContext) {
  const title = page.incidentTitle ?? `incident ${page.incidentId}`;
  const text = `:rotating_light: ${page.severity} ${title} — paging ${page.target} (policy ${page.policy}, level ${page.step.level + 1}, round ${page.step.round + 1}); services: ${page.services.join(', ') || 'none'}`;
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    companyos: { incidentId: page.incidentId, target: page.target, level: page.step.level + 1, round: page.step.round + 1, policy: page.policy },
  };
}

/** A PagerDuty Events API v2 `trigger`, deduplicated on the incident id. */
export function pagerDutyBody(routingKey: string, page: PageContext) {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: page.incidentId,
    payload: {
      summary: `${page.severity} ${page.incidentTitle ?? `incident ${page.incidentId}`}`.slice(0, 1024),
      source: 'companyos',
      severity: page.severity === 'SEV1' ? 'critical' : 'error',
      component: page.services[0],
      custom_details: { target: page.target, policy: page.policy, level: page.step.level + 1, round: page.step.round + 1, services: page.services },
    },
  };
}
