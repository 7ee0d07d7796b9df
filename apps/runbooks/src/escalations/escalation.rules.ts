import { IncidentEvents } from '@companyos/contracts';
import { JobState, settle } from '@companyos/platform';
import { createHash } from 'node:crypto';

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

/**
 * Which opening of an incident an event belongs to: 0 from its declaration, the version of the event that reopened
 * it. An escalation starts once per incident, policy and opening, so a reopened incident pages again while a later
 * edit of an incident already paged for does not.
 */
export const openingOf = (type: string, version: number) => (type === IncidentEvents.Reopened ? version : 0);

/** Why an alert-only escalation stops: every alert of its group resolved. */
export const ALERT_GROUP_RESOLVED = 'alert group resolved';
/** Why an escalation ends by itself. */
export const EXHAUSTED_REASON = 'every level paged';

/** The PagerDuty follow-up of an escalation's end: `resolve` when resolved (incident or alert group), else `acknowledge` (someone took it on). */
export function followUpAction(stopReason: string): 'acknowledge' | 'resolve' {
  return stopReason === 'resolved' || stopReason === ALERT_GROUP_RESOLVED ? 'resolve' : 'acknowledge';
}

/**
 * PagerDuty's dedup_key for an escalation a critical alert started (no incident yet): stable per Alertmanager group,
 * within PagerDuty's 255 characters (a long group key is hashed). An incident adopting the escalation keeps it, so
 * its pages stay one PagerDuty incident.
 */
export function alertGroupDedupKey(groupKey: string): string {
  const key = `alert-group:${groupKey}`;
  return key.length <= 255 ? key : `alert-group:sha256:${createHash('sha256').update(groupKey).digest('hex')}`;
}

/** The title of an escalation a critical alert started (the pages say it until an incident adopts it). */
export const alertEscalationTitle = (alert: { alertName: string; summary: string | null; service: string | null }) =>
  alert.summary ? `${alert.alertName}: ${alert.summary}` : `${alert.alertName} firing${alert.service ? ` on ${alert.service}` : ''}`;

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

/** BullMQ job id of one page: one per person, channel and step (escalation ids are fresh per escalation, reopenings included). */
export const pageJobId = (escalationId: string, step: Step, target: string, channel: string) =>
  `page-${escalationId}-r${step.round}-l${step.level}-${channel}-${Buffer.from(target).toString('base64url')}`;

/** BullMQ job id of an escalation's PagerDuty follow-up: one per escalation and action. */
export const followUpJobId = (escalationId: string, action: string) => `page-${escalationId}-pagerduty-${action}`;

/** The BullMQ job id a page row was enqueued under (a page of a step, or a PagerDuty follow-up). */
export const jobIdOfPage = (page: { escalation_id: string; round: number; level: number; target: string; channel: string; action: string }) =>
  page.action === 'trigger' ? pageJobId(page.escalation_id, { round: page.round, level: page.level }, page.target, page.channel) : followUpJobId(page.escalation_id, page.action);

/**
 * What the escalation re-drive does with a step or page that is still to run in Postgres (an ACTIVE escalation's
 * next step, a PENDING page), `grace` past its time, given its job's state in Redis (the platform's settle rule):
 * * `enqueue` — Redis no longer holds the job (a restart without persistence, a flush, a failover): enqueue it
 *   again under the same id, and look again a grace later;
 * * `later` — the job is still waiting, delayed, running or backing off (a busy or stopped worker): look again a
 *   grace later, never enqueue a second one;
 * * `done` — the job finished and the row still says otherwise (it failed for good: a dead letter of the consuming
 *   app, replayed from there): stop looking.
 */
export function redriveDecision(state: JobState): 'enqueue' | 'later' | 'done' {
  const settlement = settle([state]);
  if (settlement === 'lost') return 'enqueue';
  return settlement === 'pending' ? 'later' : 'done';
}

/** Rows whose `redrive_after` is at or before this are looked at: due (or last looked at) more than `graceMs` ago. */
export const redriveCutoff = (now: number, graceMs: number) => new Date(now - graceMs);

export interface PageContext {
  /** Null while the escalation belongs to an alert group without an incident. */
  incidentId: string | null;
  alertGroupKey?: string | null;
  /** PagerDuty's dedup_key: the incident id, or the alert group's (kept once an incident adopted the escalation). */
  dedupKey: string;
  incidentTitle: string | null;
  severity: string;
  services: string[];
  policy: string;
  step: Step;
  target: string;
}

/** A Slack-compatible webhook body (Slack, Mattermost, Rocket.Chat, most chat-ops hooks read `text`). */
export function webhookBody(page: PageContext) {
  const title = page.incidentTitle ?? (page.incidentId ? `incident ${page.incidentId}` : `alert group ${page.alertGroupKey}`);
  const text = `:rotating_light: ${page.severity} ${title} — paging ${page.target} (policy ${page.policy}, level ${page.step.level + 1}, round ${page.step.round + 1}); services: ${page.services.join(', ') || 'none'}`;
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    companyos: { incidentId: page.incidentId, alertGroupKey: page.alertGroupKey ?? null, target: page.target, level: page.step.level + 1, round: page.step.round + 1, policy: page.policy },
  };
}

/** A PagerDuty Events API v2 `trigger`, deduplicated on the incident id (or the alert group's key before an incident exists). */
export function pagerDutyBody(routingKey: string, page: PageContext) {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: page.dedupKey,
    payload: {
      summary: `${page.severity} ${page.incidentTitle ?? `incident ${page.incidentId}`}`.slice(0, 1024),
      source: 'companyos',
      severity: page.severity === 'SEV1' || page.severity === 'CRITICAL' ? 'critical' : 'error',
      component: page.services[0],
      custom_details: { target: page.target, policy: page.policy, level: page.step.level + 1, round: page.step.round + 1, services: page.services },
    },
  };
}

/** A PagerDuty Events API v2 `acknowledge` or `resolve` of what the escalation triggered (same dedup_key; no payload). */
export function pagerDutyFollowUpBody(routingKey: string, dedupKey: string, action: 'acknowledge' | 'resolve') {
  return { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
}

/**
 * Whether a critical alert starts its group's escalation: not when it already resolved (its resolution arrived
 * first), when an open incident has the group (that incident's escalation pages), when the group's own escalation
 * is still on (running, or done without the group resolving), or when the alert names no service (no policy).
 */
export function alertStartsEscalation(facts: { alreadyResolved: boolean; openIncident: boolean; groupEscalationOn: boolean; service: string | null }): boolean {
  return !facts.alreadyResolved && !facts.openIncident && !facts.groupEscalationOn && !!facts.service;
}

/** How long who is on call on a schedule may be reused: `ttlMs` after it was looked up, never past the end of a shift it returned. */
export function onCallValidUntil(fetchedAt: number, shifts: { to: Date }[], ttlMs: number): number {
  return Math.min(fetchedAt + ttlMs, ...shifts.map((shift) => shift.to.getTime()));
}
