import { AlertCriticalFired, AlertEvents, AlertResolved, EscalationEventPayload, IncidentEventPayload, RunbookEvents } from '@companyos/contracts';
import { claimMessage, domainEvent, DomainEvent, eventMessageId, inUnitOfWork, OutboxRelay, QueueRegistry, Queues, UnitOfWork } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { RunbookOutboxEntity, RunbookProcessedMessageEntity } from '../runbooks/runbook-messaging.entities';
import { SchedulesService } from '../schedules/schedules.service';
import { EscalationEntity, PageEntity } from './escalation.entity';
import {
  ALERT_GROUP_RESOLVED,
  alertEscalationTitle,
  alertGroupDedupKey,
  alertStartsEscalation,
  delayOf,
  EscalationLevel,
  EXHAUSTED_REASON,
  followUpAction,
  followUpJobId,
  nextDueAt,
  nextStep,
  onCallValidUntil,
  openingOf,
  pageJobId,
  pagerDutyBody,
  pagerDutyFollowUpBody,
  PageContext,
  PolicySnapshot,
  startsEscalation,
  Step,
  stepJobId,
  stopsEscalation,
  webhookBody,
} from './escalation.rules';
import { PagerClient } from './pager.client';

export interface StepJob extends Step {
  escalationId: string;
  /** When this step was due (epoch ms): the next level is due its delay after it, however late this one ran (absent on jobs from before it was kept: now). */
  dueAt?: number;
}
export interface PageJob {
  pageId: string;
  /** Its escalation: a job that runs before the transaction that wrote its page has committed waits for that commit (absent on older jobs: retried). */
  escalationId?: string;
}

/**
 * A transaction that writes an escalation's rows and enqueues jobs about them (before its commit, so a Redis that
 * refuses rolls it back) holds this advisory key until it ends; a job that runs first and finds no row waits on the
 * key for that commit instead of failing and retrying a second later (a level's pages would be that much late).
 */
export const commitGate = (escalationId: string) => `escalation-commit:${escalationId}`;

/** Attempts of one page (exponential backoff from 1 s: about a minute in all); the escalation never waits for them. */
export const PAGE_ATTEMPTS = 6;
/** How long who is on call on a schedule is reused by the steps of one worker (never past the end of a shift). */
export const ON_CALL_CACHE_MS = 1_000;

// TypeORM's query() answers an UPDATE … RETURNING with [rows, count] (an INSERT or SELECT with the rows).
export const PAGE_JOB_OPTIONS = { attempts: PAGE_ATTEMPTS, backoff: { type: 'exponential', delay: 1_000 } } as const;

/** The BullMQ job of a step due at `dueAt` (delayed until then; at once when that has passed). */
export const stepJob = (escalationId: string, step: Step, dueAt: number) => ({
  name: 'step',
  data: { escalationId, round: step.round, level: step.level, dueAt } satisfies StepJob,
  opts: { jobId: stepJobId(escalationId, step), delay: Math.max(0, dueAt - Date.now()) },
});

/** The BullMQ job of a page (or PagerDuty follow-up) row, retried PAGE_ATTEMPTS times. */
export const pageJob = (pageId: string, escalationId: string, jobId: string) => ({
  name: 'page',
  data: { pageId, escalationId } satisfies PageJob,
  opts: { jobId, ...PAGE_JOB_OPTIONS },
});

/** An escalation as a step or a page reads it (one joined read). */
interface EscalationRow {
  id: string;
  incident_id: string | null;
  alert_group_key: string | null;
  dedup_key: string;
  policy: PolicySnapshot;
  incident_title: string | null;
  severity: string;
  services: string[];
  status: 'ACTIVE' | 'STOPPED' | 'EXHAUSTED';
  stop_reason: string | null;
  opening: number;
}

interface PageRow {
  id: string;
  escalation_id: string;
  round: number;
  level: number;
  target: string;
  channel: string;
  action: 'trigger' | 'acknowledge' | 'resolve';
  outcome: string;
}

/**
 * Escalations: a SEV1/SEV2 incident declared (or reopened) starts the policies of its services, and a critical
 * alert whose Alertmanager group has no open incident starts its service's policy for the group (the group's
 * incident, once declared, adopts that escalation rather than starting another). Policies are snapshotted then;
 * each level is a delayed job with a deterministic id that pages the level's people (each page its own job,
 * retried apart), then schedules the next; acknowledging or resolving the incident (or the alert group resolving,
 * for an escalation no incident adopted) stops it and sends PagerDuty the matching follow-up. A level with nobody
 * on call moves on at once.
 */
@Injectable()
export class EscalationsService {
  private readonly logger = new Logger(EscalationsService.name);
  /** Who is on call per schedule, shared by the steps running on this worker within ON_CALL_CACHE_MS (one lookup for a burst). */
  private readonly onCallCache = new Map<string, { until: number; users: Promise<string[] | null> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly queues: QueueRegistry,
    private readonly schedules: SchedulesService,
    private readonly pager: PagerClient,
    @InjectRunbooksConfig() private readonly config: RunbooksConfig,
  ) {}

  private run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return inUnitOfWork(this.dataSource, RunbookOutboxEntity, this.relay, work).then(({ result }) => result);
  }

  /** Holds the escalation's commit gate until this transaction ends (take it before enqueuing jobs about rows it wrote). */
  private holdUntilCommit(manager: EntityManager, escalationId: string) {
    return manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [commitGate(escalationId)]);
  }

  /** Waits until no transaction holds the escalation's commit gate: the one that enqueued this job has committed (or rolled back). */
  private async awaitCommitOf(escalationId: string): Promise<void> {
    await this.dataSource.transaction((manager) => manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [commitGate(escalationId)]));
  }

  /** Reads a row a job is about; when it is not there yet, waits for the enqueuing transaction's commit and reads again. */
  private async afterCommit<T>(escalationId: string | undefined, read: () => Promise<T | undefined>): Promise<T | undefined> {
    const row = await read();
    if (row || !escalationId) return row;
    await this.awaitCommitOf(escalationId);
    return read();
  }

  /**
   * Serialises, per Alertmanager group, the critical alerts and the incident events of the group (as the incidents
   * domain does when it declares the group's incident): whichever comes first, the other sees it — an alert that
   * finds the incident starts nothing, an incident that finds the group's escalation adopts it.
   */
  private lockAlertGroup(manager: EntityManager, groupKey: string) {
    return manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`alert-group:${groupKey}`]);
  }

  /** Applies an incident lifecycle event (once): keeps the incident's latest state, adopts its alert group's escalation, starts or stops escalations. */
  async onIncidentEvent(event: DomainEvent<IncidentEventPayload>): Promise<void> {
    await this.run(async (uow) => {
      if (!(await claimMessage(uow.manager, RunbookProcessedMessageEntity, eventMessageId(event)))) return;
      const incident = event.payload;
      const groupKey = incident.alertGroupKey ?? null;
      if (groupKey) await this.lockAlertGroup(uow.manager, groupKey);
      // The newest version's fields win; the group key and the latest opening are kept whatever the order.
      const [state]: { status: string; severity: string; affected_services: string[]; number: number; opening: number }[] = await uow.manager.query(
        `INSERT INTO runbooks.incident_states AS s (incident_id, number, severity, status, affected_services, occurred_at, version, alert_group_key, opening)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (incident_id) DO UPDATE SET
           number = CASE WHEN s.version < EXCLUDED.version THEN EXCLUDED.number ELSE s.number END,
           severity = CASE WHEN s.version < EXCLUDED.version THEN EXCLUDED.severity ELSE s.severity END,
           status = CASE WHEN s.version < EXCLUDED.version THEN EXCLUDED.status ELSE s.status END,
           affected_services = CASE WHEN s.version < EXCLUDED.version THEN EXCLUDED.affected_services ELSE s.affected_services END,
           occurred_at = CASE WHEN s.version < EXCLUDED.version THEN EXCLUDED.occurred_at ELSE s.occurred_at END,
           version = GREATEST(s.version, EXCLUDED.version),
           alert_group_key = COALESCE(EXCLUDED.alert_group_key, s.alert_group_key),
           opening = GREATEST(s.opening, EXCLUDED.opening)
         RETURNING status, severity, affected_services, number, opening`,
        [incident.incidentId, incident.number, incident.severity, incident.status, incident.affectedServices, event.occurredAt, incident.version, groupKey, openingOf(event.type, incident.version)],
      );
      const title = `INC-${state.number}`;
      if (groupKey && state.status !== 'RESOLVED') await this.adopt(uow, incident.incidentId, groupKey, state.opening, title, state.severity, state.affected_services);
      const stop = stopsEscalation(event.type, state.status);
      if (stop) {
        await this.stopIncident(uow, incident.incidentId, state.opening, stop);
        return;
      }
      if (!startsEscalation(event.type, state.severity, state.status) || !state.affected_services.length) return;
      await this.start(uow, { incidentId: incident.incidentId, alertGroupKey: groupKey, dedupKey: incident.incidentId, opening: state.opening, title, severity: state.severity, services: state.affected_services });
    });
  }

  /** Applies an alert event (once): a critical alert without an open incident for its group starts its service's policy; the group resolving stops it. */
  async onAlertEvent(event: DomainEvent): Promise<void> {
    await this.run(async (uow) => {
      if (!(await claimMessage(uow.manager, RunbookProcessedMessageEntity, eventMessageId(event)))) return;
      if (event.type === AlertEvents.CriticalFired) await this.alertFired(uow, event.payload as AlertCriticalFired);
      else if (event.type === AlertEvents.Resolved) await this.alertResolved(uow, event.payload as AlertResolved);
    });
  }

  private async alertFired(uow: UnitOfWork, alert: AlertCriticalFired) {
    await this.lockAlertGroup(uow.manager, alert.groupKey);
    const [known]: { resolved_at: Date | null }[] = await uow.manager.query(
      `INSERT INTO runbooks.alert_group_alerts (alert_id, group_key) VALUES ($1, $2)
       ON CONFLICT (alert_id) DO UPDATE SET group_key = EXCLUDED.group_key RETURNING resolved_at`,
      [alert.alertId, alert.groupKey],
    );
    const [{ open_incident, group_escalation_on }]: { open_incident: boolean; group_escalation_on: boolean }[] = await uow.manager.query(
      `SELECT EXISTS (SELECT 1 FROM runbooks.incident_states WHERE alert_group_key = $1 AND status <> 'RESOLVED') AS open_incident,
              EXISTS (SELECT 1 FROM runbooks.escalations WHERE alert_group_key = $1 AND incident_id IS NULL
                      AND (status = 'ACTIVE' OR (status = 'EXHAUSTED' AND stop_reason = $2))) AS group_escalation_on`,
      [alert.groupKey, EXHAUSTED_REASON],
    );
    if (!alertStartsEscalation({ alreadyResolved: !!known.resolved_at, openIncident: open_incident, groupEscalationOn: group_escalation_on, service: alert.service })) return;
    await this.start(uow, {
      incidentId: null,
      alertGroupKey: alert.groupKey,
      dedupKey: alertGroupDedupKey(alert.groupKey),
      opening: 0,
      title: alertEscalationTitle(alert),
      severity: 'CRITICAL',
      services: [alert.service!],
    });
  }

  private async alertResolved(uow: UnitOfWork, resolution: AlertResolved) {
    let groupKey = resolution.groupKey ?? null;
    if (!groupKey) {
      const [known]: { group_key: string }[] = await uow.manager.query('SELECT group_key FROM runbooks.alert_group_alerts WHERE alert_id = $1', [resolution.alertId]);
      groupKey = known?.group_key ?? null;
    }
    // Neither its firing nor its group known here: nothing of ours depends on it.
    if (!groupKey) return;
    await this.lockAlertGroup(uow.manager, groupKey);
    await uow.manager.query(
      `INSERT INTO runbooks.alert_group_alerts AS a (alert_id, group_key, resolved_at) VALUES ($1, $2, $3)
       ON CONFLICT (alert_id) DO UPDATE SET resolved_at = COALESCE(a.resolved_at, EXCLUDED.resolved_at)`,
      [resolution.alertId, groupKey, new Date(resolution.resolvedAt)],
    );
    const [{ firing }]: { firing: number }[] = await uow.manager.query(
      'SELECT count(*)::int AS firing FROM runbooks.alert_group_alerts WHERE group_key = $1 AND resolved_at IS NULL',
      [groupKey],
    );
    if (firing > 0) return;
    // The group's own escalations (no incident adopted them): a running one stops, a finished one is closed, both followed up.
    const [ended]: [{ id: string }[], number] = await uow.manager.query(
      `UPDATE runbooks.escalations SET
         stop_reason = CASE WHEN status = 'ACTIVE' THEN $2 ELSE stop_reason || '; ' || $2 END,
         stopped_at = CASE WHEN status = 'ACTIVE' THEN now() ELSE stopped_at END,
         status = CASE WHEN status = 'ACTIVE' THEN 'STOPPED' ELSE status END
       WHERE alert_group_key = $1 AND incident_id IS NULL AND (status = 'ACTIVE' OR (status = 'EXHAUSTED' AND stop_reason = $3))
       RETURNING id`,
      [groupKey, ALERT_GROUP_RESOLVED, EXHAUSTED_REASON],
    );
    await this.followUp(uow, ended.map((e) => e.id), 'resolve');
  }

  /**
   * Hands the alert group's own escalations (started by a critical alert before the incident was known here) to the
   * incident: the same escalation goes on, now stopped by the incident's acknowledgement or resolution, and the
   * incident does not start a second one for that policy. What they paged so far goes on the incident's timeline.
   */
  private async adopt(uow: UnitOfWork, incidentId: string, groupKey: string, opening: number, title: string, severity: string, services: string[]) {
    const [adopted]: [EscalationRow[], number] = await uow.manager.query(
      `UPDATE runbooks.escalations e SET incident_id = $1, opening = $3, incident_title = $4, severity = $5, services = $6
       WHERE e.alert_group_key = $2 AND e.incident_id IS NULL AND (e.status = 'ACTIVE' OR (e.status = 'EXHAUSTED' AND e.stop_reason = $7))
         AND NOT EXISTS (SELECT 1 FROM runbooks.escalations x WHERE x.incident_id = $1 AND x.policy_id = e.policy_id AND (x.opening = $3 OR x.status = 'ACTIVE'))
       RETURNING e.*`,
      [incidentId, groupKey, opening, title, severity, services, EXHAUSTED_REASON],
    );
    if (!adopted.length) return;
    const paged: PageRow[] = await uow.manager.query(
      `SELECT * FROM runbooks.pages WHERE escalation_id = ANY($1::uuid[]) AND outcome <> 'PENDING' AND action = 'trigger' ORDER BY created_at`,
      [adopted.map((e) => e.id)],
    );
    const byId = new Map(adopted.map((e) => [e.id, e]));
    for (const page of paged) {
      const outcome = page.outcome === 'SENT' ? 'sent' : 'failed';
      uow.events.push(this.event(byId.get(page.escalation_id)!, page, { target: page.target, channel: page.channel, outcome, detail: `for alert group ${groupKey}, before this incident was declared` }));
    }
    this.logger.log(`incident ${incidentId} adopted ${adopted.length} escalation(s) of alert group ${groupKey}`);
  }

  /** Starts the policies of `services` for an incident or an alert group (once: the unique keys ignore a second start), each with its first step scheduled. */
  private async start(uow: UnitOfWork, subject: { incidentId: string | null; alertGroupKey: string | null; dedupKey: string; opening: number; title: string; severity: string; services: string[] }) {
    const policies: { id: string; name: string; levels: EscalationLevel[]; repeat: number; webhook_url: string | null }[] = await uow.manager.query(
      'SELECT id, name, levels, repeat, webhook_url FROM runbooks.escalation_policies WHERE services && $1::text[] ORDER BY name',
      [subject.services],
    );
    for (const policy of policies) {
      const snapshot: PolicySnapshot = { name: policy.name, levels: policy.levels, repeat: policy.repeat, webhookUrl: policy.webhook_url };
      const startedAt = new Date();
      const first: Step = { round: 0, level: 0 };
      const firstDueAt = new Date(startedAt.getTime() + delayOf(first, snapshot));
      // Its first step is recorded with it (the re-drive enqueues it again should Redis lose its job).
      const inserted: { id: string }[] = await uow.manager.query(
        `INSERT INTO runbooks.escalations (incident_id, alert_group_key, dedup_key, opening, policy_id, policy, incident_title, severity, services, status, started_at,
                                           next_round, next_level, next_due_at, redrive_after)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, 'ACTIVE', $10, $11, $12, $13, $13)
         ON CONFLICT DO NOTHING RETURNING id`,
        [subject.incidentId, subject.alertGroupKey, subject.dedupKey, subject.opening, policy.id, JSON.stringify(snapshot), subject.title, subject.severity, subject.services, startedAt,
         first.round, first.level, firstDueAt],
      );
      // Enqueued before the commit: if Redis refuses, the event is retried whole. A step that runs before the
      // commit finds no escalation yet and is retried (runStep), so nothing is lost either way.
      if (inserted.length) {
        await this.holdUntilCommit(uow.manager, inserted[0].id);
        await this.schedule(inserted[0].id, first, firstDueAt.getTime());
      }
    }
  }

  /** Stops the incident's running escalations and follows up in PagerDuty on those of this opening that triggered it. */
  private async stopIncident(uow: UnitOfWork, incidentId: string, opening: number, reason: string) {
    await uow.manager.query(
      `UPDATE runbooks.escalations SET status = 'STOPPED', stop_reason = $2, stopped_at = now() WHERE incident_id = $1 AND status = 'ACTIVE'`,
      [incidentId, reason],
    );
    const ofOpening: { id: string }[] = await uow.manager.query('SELECT id FROM runbooks.escalations WHERE incident_id = $1 AND opening = $2', [incidentId, opening]);
    await this.followUp(uow, ofOpening.map((e) => e.id), followUpAction(reason));
  }

  /**
   * A PagerDuty `acknowledge` or `resolve` for each of these escalations that sent (or is sending) a trigger, once
   * per escalation and action: a page row with its action, sent by its own retried job like any page.
   */
  private async followUp(uow: UnitOfWork, escalationIds: string[], action: 'acknowledge' | 'resolve') {
    if (!escalationIds.length || !this.config.paging.pagerDutyRoutingKey) return;
    const created: { id: string; escalation_id: string }[] = await uow.manager.query(
      `INSERT INTO runbooks.pages (escalation_id, round, level, target, channel, action, outcome, attempts)
       SELECT e.id, 0, 0, 'PagerDuty', 'pagerduty', $2, 'PENDING', 0 FROM runbooks.escalations e
       WHERE e.id = ANY($1::uuid[])
         AND EXISTS (SELECT 1 FROM runbooks.pages p WHERE p.escalation_id = e.id AND p.channel = 'pagerduty' AND p.action = 'trigger' AND p.outcome <> 'FAILED')
       ON CONFLICT DO NOTHING RETURNING id, escalation_id`,
      [escalationIds, action],
    );
    if (!created.length) return;
    await this.queues.enqueue(
      Queues.RunbooksPages,
      created.map((page) => ({ name: 'page', data: { pageId: page.id } satisfies PageJob, opts: { jobId: followUpJobId(page.escalation_id, action), ...PAGE_JOB_OPTIONS } })),
    );
  }

  /** Enqueues a step to run at `dueAt` (at once when that has passed). */
  private schedule(escalationId: string, step: Step, dueAt: number) {
    return this.queues.enqueue(Queues.RunbooksEscalations, [stepJob(escalationId, step, dueAt)]);
  }

  /**
   * Who is on call on a schedule now (null: no such schedule). Steps due together (a burst of escalations on the
   * same schedules) share one lookup per schedule: kept ON_CALL_CACHE_MS, never past the end of a shift it found.
   */
  private onCallNow(schedule: string): Promise<string[] | null> {
    const now = Date.now();
    const cached = this.onCallCache.get(schedule);
    if (cached && cached.until > now) return cached.users;
    const entry = { until: now + ON_CALL_CACHE_MS, users: Promise.resolve<string[] | null>(null) };
    entry.users = this.schedules.onCall({ schedule }, new Date(now)).then(
      (shifts) => {
        entry.until = onCallValidUntil(now, shifts, ON_CALL_CACHE_MS);
        return shifts.map((shift) => shift.user);
      },
      () => null,
    );
    this.onCallCache.set(schedule, entry);
    if (this.onCallCache.size > 10_000) for (const [name, old] of this.onCallCache) if (old.until <= now) this.onCallCache.delete(name);
    return entry.users;
  }

  /** The people of a level: its users and whoever is on call on its schedules now (`missing`: schedules that do not exist). */
  private async targetsOf(level: EscalationLevel): Promise<{ targets: Set<string>; missing: string[] }> {
    const targets = new Set(level.users);
    const missing: string[] = [];
    const found = await Promise.all(level.schedules.map((schedule) => this.onCallNow(schedule)));
    level.schedules.forEach((schedule, i) => {
      const users = found[i];
      if (users === null) missing.push(schedule);
      else for (const user of users) targets.add(user);
    });
    return { targets, missing };
  }

  /** Runs one level: pages its people (or notes that nobody is on call and moves on at once), then schedules the next level. */
  async runStep(job: StepJob): Promise<void> {
    const step: Step = { round: job.round, level: job.level };
    const dueAt = job.dueAt ?? Date.now();
    // Who to page is read before the transaction: the escalation's row stays locked only for the writes.
    const snapshot = await this.afterCommit(job.escalationId, async () => {
      const [row]: (EscalationRow & { incident_status: string | null })[] = await this.dataSource.query(
        `SELECT e.*, s.status AS incident_status FROM runbooks.escalations e LEFT JOIN runbooks.incident_states s ON s.incident_id = e.incident_id WHERE e.id = $1`,
        [job.escalationId],
      );
      return row;
    });
    // Its starting transaction rolled back (it is retried whole, and enqueues this step again): retried with backoff.
    if (!snapshot) throw new Error(`escalation ${job.escalationId} does not exist (yet)`);
    if (snapshot.status !== 'ACTIVE') return;
    const reason = snapshot.incident_id && snapshot.incident_status ? stopsEscalation('', snapshot.incident_status) : null;
    if (reason) {
      await this.run((uow) => this.stopIncident(uow, snapshot.incident_id!, snapshot.opening, reason));
      return;
    }
    const { targets, missing } = await this.targetsOf(snapshot.policy.levels[step.level]);
    const channels = this.channels(snapshot.policy);
    const next = nextStep(step, snapshot.policy);
    const wanted = [...targets].flatMap((target) => (channels.length ? channels : ['none']).map((channel) => ({ target, channel })));
    await this.run(async (uow) => {
      // One statement: lock the escalation if still ACTIVE (an acknowledgement committed meanwhile wins), mark it
      // EXHAUSTED after its last step, and add this step's pages (or find them again on a retry).
      const [{ active, pages }]: { active: number; pages: PageRow[] }[] = await uow.manager.query(
        `WITH esc AS (SELECT id FROM runbooks.escalations WHERE id = $1 AND status = 'ACTIVE' FOR UPDATE),
         done AS (UPDATE runbooks.escalations e SET status = 'EXHAUSTED', stopped_at = now(), stop_reason = $7 FROM esc WHERE e.id = esc.id AND $2::boolean RETURNING e.id),
         ins AS (INSERT INTO runbooks.pages (escalation_id, round, level, target, channel, action, outcome, attempts)
                 SELECT esc.id, $3, $4, t.target, t.channel, 'trigger', 'PENDING', 0 FROM esc CROSS JOIN unnest($5::text[], $6::text[]) AS t(target, channel)
                 ON CONFLICT (escalation_id, round, level, target, channel, action) DO UPDATE SET attempts = runbooks.pages.attempts
                 RETURNING id, target, channel, outcome)
         SELECT (SELECT count(*)::int FROM esc) AS active, COALESCE((SELECT json_agg(ins) FROM ins), '[]'::json) AS pages`,
        [job.escalationId, next === null, step.round, step.level, wanted.map((w) => w.target), wanted.map((w) => w.channel), EXHAUSTED_REASON],
      );
      if (!active) return;
      // Due its delay after this level was due (lateness does not add up level after level); nobody on call: at once.
      const nextAt = next ? nextDueAt(dueAt, next, snapshot.policy, wanted.length > 0, Date.now()) : null;
      // The escalation now waits on the next step (none after the last): what the re-drive looks for in Redis. Only
      // forward: a late second run of an earlier step (a job enqueued again) leaves a later step recorded.
      await uow.manager.query(
        `UPDATE runbooks.escalations SET next_round = $2, next_level = $3, next_due_at = $4, redrive_after = $4
         WHERE id = $1 AND (next_round IS NULL OR (next_round, next_level) <= ($5::int, $6::int))`,
        [snapshot.id, next?.round ?? null, next?.level ?? null, nextAt === null ? null : new Date(nextAt), step.round, step.level],
      );
      if (!wanted.length) {
        const detail = `nobody on call${missing.length ? ` (unknown schedules: ${missing.join(', ')})` : ''}; moving to the next level`;
        uow.events.push(this.event(snapshot, step, { target: null, channel: null, outcome: 'skipped', detail }));
      }
      // Enqueued before the commit, with deterministic ids: a retry of this step adds nothing twice; a page job that
      // runs before the commit waits for it at the commit gate.
      await this.holdUntilCommit(uow.manager, snapshot.id);
      await Promise.all([
        this.queues.enqueue(
          Queues.RunbooksPages,
          pages
            .filter((page) => page.outcome === 'PENDING')
            .map((page) => pageJob(page.id, snapshot.id, pageJobId(snapshot.id, step, page.target, page.channel))),
        ),
        next && nextAt !== null ? this.schedule(snapshot.id, next, nextAt) : undefined,
      ]);
    });
  }

  private channels(policy: PolicySnapshot): string[] {
    const channels: string[] = [];
    if (policy.webhookUrl ?? this.config.paging.webhookUrl) channels.push('webhook');
    if (this.config.paging.pagerDutyRoutingKey) channels.push('pagerduty');
    return channels;
  }

  /** A page with its escalation (one joined read), and whether a PagerDuty trigger of its escalation is still being sent. */
  private async readPage(pageId: string) {
    const [page]: (PageRow & EscalationRow & { escalation_status: string; trigger_pending: boolean })[] = await this.dataSource.query(
      `SELECT p.id, p.escalation_id, p.round, p.level, p.target, p.channel, p.action, p.outcome,
              e.status AS escalation_status, e.stop_reason, e.incident_id, e.alert_group_key, e.dedup_key, e.policy, e.incident_title, e.severity, e.services,
              (p.action <> 'trigger' AND EXISTS (SELECT 1 FROM runbooks.pages t WHERE t.escalation_id = p.escalation_id AND t.channel = 'pagerduty' AND t.action = 'trigger' AND t.outcome = 'PENDING')) AS trigger_pending
       FROM runbooks.pages p JOIN runbooks.escalations e ON e.id = p.escalation_id WHERE p.id = $1`,
      [pageId],
    );
    return page;
  }

  /**
   * Sends one page (or PagerDuty follow-up); throws (so BullMQ retries with backoff) until the last attempt, which
   * records FAILED. One read (the page with its escalation) before the call, one statement after it (the outcome and
   * its timeline event, together or not at all).
   */
  async sendPage(job: PageJob, attempt: number): Promise<void> {
    const page = await this.afterCommit(job.escalationId, () => this.readPage(job.pageId));
    if (!page) throw new Error(`page ${job.pageId} does not exist (yet)`);
    if (page.outcome !== 'PENDING') return;
    if (page.action === 'trigger' && page.escalation_status === 'STOPPED') {
      await this.dataSource.query(`UPDATE runbooks.pages SET outcome = 'FAILED', error = $2 WHERE id = $1 AND outcome = 'PENDING'`, [page.id, `not sent: the escalation stopped (${page.stop_reason})`]);
      return;
    }
    // A follow-up goes after the triggers it follows (PagerDuty would reopen on a trigger arriving after a resolve).
    if (page.trigger_pending && attempt < PAGE_ATTEMPTS) throw new Error(`PagerDuty ${page.action} waits for the escalation's triggers still being sent`);
    const escalation: EscalationRow = { ...page, id: page.escalation_id, status: page.escalation_status as EscalationRow['status'] };
    const step = { round: page.round, level: page.level };
    const context: PageContext = {
      incidentId: escalation.incident_id,
      alertGroupKey: escalation.alert_group_key,
      dedupKey: escalation.dedup_key,
      incidentTitle: escalation.incident_title,
      severity: escalation.severity,
      services: escalation.services,
      policy: escalation.policy.name,
      step,
      target: page.target,
    };
    let error: string | null = null;
    try {
      if (page.action !== 'trigger') await this.pager.post(this.config.paging.pagerDutyEventsUrl, pagerDutyFollowUpBody(this.config.paging.pagerDutyRoutingKey ?? '', escalation.dedup_key, page.action));
      else if (page.channel === 'webhook') await this.pager.post((escalation.policy.webhookUrl ?? this.config.paging.webhookUrl)!, webhookBody(context));
      else if (page.channel === 'pagerduty') await this.pager.post(this.config.paging.pagerDutyEventsUrl, pagerDutyBody(this.config.paging.pagerDutyRoutingKey!, context));
      else throw new Error('no channel configured (NOTIFY_WEBHOOK_URL, a policy webhookUrl or PAGERDUTY_ROUTING_KEY)');
    } catch (e) {
      error = (e as Error).message;
    }
    const final = error === null || attempt >= PAGE_ATTEMPTS || page.channel === 'none';
    if (final) {
      const event = this.event(escalation, step, { target: page.target, channel: page.channel, outcome: error ? 'failed' : 'sent', detail: error, action: page.action });
      // The outcome and its event in one statement: both or neither, and only by the first run to record it.
      await this.dataSource.query(
        `WITH done AS (UPDATE runbooks.pages SET attempts = $2, error = $3, outcome = $4, sent_at = $5 WHERE id = $1 AND outcome = 'PENDING' RETURNING id)
         INSERT INTO runbooks.outbox (event_id, type, aggregate_id, payload, occurred_at) SELECT $6, $7, $8, $9::jsonb, $10 FROM done`,
        [page.id, attempt, error, error ? 'FAILED' : 'SENT', error ? null : new Date(), event.id, event.type, event.aggregateId, JSON.stringify(event.payload), new Date(event.occurredAt)],
      );
      this.relay.kick();
    } else {
      await this.dataSource.query(`UPDATE runbooks.pages SET attempts = $2, error = $3 WHERE id = $1 AND outcome = 'PENDING'`, [page.id, attempt, error]);
      throw new Error(`page to ${page.target} via ${page.channel} failed (attempt ${attempt} of ${PAGE_ATTEMPTS}): ${error}`);
    }
    if (error) this.logger.warn(`page to ${page.target} via ${page.channel} failed for good: ${error}`);
  }

  private event(
    escalation: Pick<EscalationRow, 'id' | 'incident_id' | 'alert_group_key' | 'policy'>,
    step: Step,
    fields: Pick<EscalationEventPayload, 'target' | 'channel' | 'outcome' | 'detail'> & { action?: string },
  ): DomainEvent<EscalationEventPayload> {
    const type = fields.outcome === 'skipped' ? RunbookEvents.EscalationLevelSkipped : RunbookEvents.EscalationPage;
    return domainEvent<EscalationEventPayload>(type, escalation.id, {
      escalationId: escalation.id,
      incidentId: escalation.incident_id,
      alertGroupKey: escalation.alert_group_key,
      policy: escalation.policy.name,
      level: step.level + 1,
      round: step.round + 1,
      action: 'trigger',
      ...fields,
    });
  }

  escalationsOf(incidentId: string): Promise<EscalationEntity[]> {
    return this.dataSource.manager.find(EscalationEntity, { where: { incidentId }, order: { startedAt: 'ASC' } });
  }

  pagesOf(escalationId: string): Promise<PageEntity[]> {
    return this.dataSource.manager.find(PageEntity, { where: { escalationId }, order: { createdAt: 'ASC' } });
  }
}
