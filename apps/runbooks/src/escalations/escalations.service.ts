import { EscalationEventPayload, IncidentEventPayload, RunbookEvents } from '@companyos/contracts';
import { claimMessage, domainEvent, DomainEvent, eventMessageId, inUnitOfWork, OutboxRelay, QueueRegistry, Queues, UnitOfWork } from '@companyos/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { RunbookOutboxEntity, RunbookProcessedMessageEntity } from '../runbooks/runbook-messaging.entities';
import { SchedulesService } from '../schedules/schedules.service';
import { EscalationEntity, EscalationPolicyEntity, PageEntity } from './escalation.entity';
import { delayOf, EscalationLevel, nextDueAt, nextStep, pageJobId, pagerDutyBody, PageContext, PolicySnapshot, startsEscalation, Step, stepJobId, stopsEscalation, webhookBody } from './escalation.rules';
import { IncidentStateEntity } from './incident-state.entity';
import { PagerClient } from './pager.client';

export interface StepJob extends Step {
  escalationId: string;
  /** When this step was due (epoch ms): the next level is due its delay after it, however late this one ran (absent on jobs from before it was kept: now). */
  dueAt?: number;
}
export interface PageJob {
  pageId: string;
}

/** Attempts of one page (exponential backoff from 1 s: about a minute in all); the escalation never waits for them. */
export const PAGE_ATTEMPTS = 6;

/**
 * Escalations: a SEV1/SEV2 incident declared starts the policies of its
 * services (snapshotted then); each level is a delayed job with a
 * deterministic id that pages the level's people (each page its own job,
 * retried apart), then schedules the next; acknowledging or resolving the
 * incident stops it. A level with nobody on call moves on at once.
 */
@Injectable()
export class EscalationsService {
  private readonly logger = new Logger(EscalationsService.name);

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

  /** Applies an incident lifecycle event (once): keeps the incident's latest state, starts or stops escalations. */
  async onIncidentEvent(event: DomainEvent<IncidentEventPayload>): Promise<void> {
    await this.run(async (uow) => {
      if (!(await claimMessage(uow.manager, RunbookProcessedMessageEntity, eventMessageId(event)))) return;
      const incident = event.payload;
      await uow.manager.query(
        `INSERT INTO runbooks.incident_states (incident_id, number, severity, status, affected_services, occurred_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (incident_id) DO UPDATE SET number = EXCLUDED.number, severity = EXCLUDED.severity, status = EXCLUDED.status,
           affected_services = EXCLUDED.affected_services, occurred_at = EXCLUDED.occurred_at, version = EXCLUDED.version
         WHERE runbooks.incident_states.version < EXCLUDED.version`,
        [incident.incidentId, incident.number, incident.severity, incident.status, incident.affectedServices, event.occurredAt, incident.version],
      );
      const state = await uow.manager.findOneByOrFail(IncidentStateEntity, { incidentId: incident.incidentId });
      const stop = stopsEscalation(event.type, state.status);
      if (stop) {
        await this.stop(uow, state.incidentId, stop);
        return;
      }
      if (!startsEscalation(event.type, state.severity, state.status) || !state.affectedServices.length) return;
      const policies = await uow.manager
        .createQueryBuilder(EscalationPolicyEntity, 'p')
        .where('p.services && :services', { services: state.affectedServices })
        .getMany();
      for (const policy of policies) {
        const startedAt = new Date();
        const inserted = await uow.manager
          .createQueryBuilder()
          .insert()
          .into(EscalationEntity)
          .values({
            incidentId: state.incidentId,
            policyId: policy.id,
            policy: { name: policy.name, levels: policy.levels, repeat: policy.repeat, webhookUrl: policy.webhookUrl },
            incidentTitle: `INC-${state.number}`,
            severity: state.severity,
            services: state.affectedServices,
            status: 'ACTIVE',
            stopReason: null,
            startedAt,
            stoppedAt: null,
          })
          .orIgnore()
          .returning('*')
          .execute();
        // Enqueued before the commit: if Redis refuses, the event is retried whole. A step that runs before the
        // commit finds no escalation yet and is retried (runStep), so nothing is lost either way.
        if (inserted.raw.length) {
          const snapshot: PolicySnapshot = { name: policy.name, levels: policy.levels, repeat: policy.repeat, webhookUrl: policy.webhookUrl };
          const first: Step = { round: 0, level: 0 };
          await this.schedule(inserted.raw[0].id, first, startedAt.getTime() + delayOf(first, snapshot));
        }
      }
    });
  }

  private async stop(uow: UnitOfWork, incidentId: string, reason: string) {
    await uow.manager
      .createQueryBuilder()
      .update(EscalationEntity)
      .set({ status: 'STOPPED', stopReason: reason, stoppedAt: new Date() })
      .where('incident_id = :incidentId AND status = :active', { incidentId, active: 'ACTIVE' })
      .execute();
  }

  /** Enqueues a step to run at `dueAt` (at once when that has passed). */
  private schedule(escalationId: string, step: Step, dueAt: number) {
    return this.queues.enqueue(Queues.RunbooksEscalations, [
      {
        name: 'step',
        data: { escalationId, ...step, dueAt } satisfies StepJob,
        opts: { jobId: stepJobId(escalationId, step), delay: Math.max(0, dueAt - Date.now()) },
      },
    ]);
  }

  /** The people of a level: its users and whoever is on call on its schedules now (`missing`: schedules that do not exist). */
  private async targetsOf(level: EscalationLevel): Promise<{ targets: Set<string>; missing: string[] }> {
    const targets = new Set(level.users);
    const missing: string[] = [];
    for (const schedule of level.schedules) {
      try {
        for (const shift of await this.schedules.onCall({ schedule }, new Date())) targets.add(shift.user);
      } catch {
        missing.push(schedule);
      }
    }
    return { targets, missing };
  }

  /** Runs one level: pages its people (or notes that nobody is on call and moves on at once), then schedules the next level. */
  async runStep(job: StepJob): Promise<void> {
    const step: Step = { round: job.round, level: job.level };
    const dueAt = job.dueAt ?? Date.now();
    // Who to page is read before the transaction: the escalation's row stays locked only for the writes.
    const snapshot = await this.dataSource.manager.findOneBy(EscalationEntity, { id: job.escalationId });
    // Not committed yet (its first step was enqueued inside the starting transaction): retried with backoff.
    if (!snapshot) throw new Error(`escalation ${job.escalationId} does not exist (yet)`);
    if (snapshot.status !== 'ACTIVE') return;
    const { targets, missing } = await this.targetsOf(snapshot.policy.levels[step.level]);
    await this.run(async (uow) => {
      const escalation = await uow.manager.findOne(EscalationEntity, { where: { id: job.escalationId }, lock: { mode: 'pessimistic_write' } });
      // Not committed yet (its first step was enqueued inside the starting transaction): retried with backoff.
      if (!escalation) throw new Error(`escalation ${job.escalationId} does not exist (yet)`);
      if (escalation.status !== 'ACTIVE') return;
      const state = await uow.manager.findOneBy(IncidentStateEntity, { incidentId: escalation.incidentId });
      const reason = state ? stopsEscalation('', state.status) : null;
      if (reason) {
        await this.stop(uow, escalation.incidentId, reason);
        return;
      }
      const channels = this.channels(escalation);
      const pages: PageEntity[] = [];
      if (targets.size) {
        for (const target of targets) {
          for (const channel of channels.length ? channels : ['none']) {
            await uow.manager.createQueryBuilder().insert().into(PageEntity).values({ escalationId: escalation.id, ...step, target, channel, outcome: 'PENDING', attempts: 0 }).orIgnore().execute();
            pages.push(await uow.manager.findOneByOrFail(PageEntity, { escalationId: escalation.id, ...step, target, channel }));
          }
        }
      } else {
        const detail = `nobody on call${missing.length ? ` (unknown schedules: ${missing.join(', ')})` : ''}; moving to the next level`;
        uow.events.push(this.event(escalation, step, { target: null, channel: null, outcome: 'skipped', detail }));
      }
      const next = nextStep(step, escalation.policy);
      if (!next) Object.assign(escalation, { status: 'EXHAUSTED', stoppedAt: new Date(), stopReason: 'every level paged' });
      await uow.manager.save(escalation);
      // Enqueued before the commit, with deterministic ids: a retry of this step adds nothing twice; a page job that
      // runs before the commit finds its row PENDING only after it (sendPage retries until then).
      await this.queues.enqueue(
        Queues.RunbooksPages,
        pages
          .filter((page) => page.outcome === 'PENDING')
          .map((page) => ({
            name: 'page',
            data: { pageId: page.id } satisfies PageJob,
            opts: { jobId: pageJobId(escalation.id, step, page.target, page.channel), attempts: PAGE_ATTEMPTS, backoff: { type: 'exponential', delay: 1_000 } },
          })),
      );
      // Due its delay after this level was due (lateness does not add up level after level); nobody on call: at once.
      if (next) await this.schedule(escalation.id, next, nextDueAt(dueAt, next, escalation.policy, targets.size > 0, Date.now()));
    });
  }

  private channels(escalation: EscalationEntity): string[] {
    const channels: string[] = [];
    if (escalation.policy.webhookUrl ?? this.config.paging.webhookUrl) channels.push('webhook');
    if (this.config.paging.pagerDutyRoutingKey) channels.push('pagerduty');
    return channels;
  }

  /** Sends one page; throws (so BullMQ retries with backoff) until the last attempt, which records FAILED. */
  async sendPage(job: PageJob, attempt: number): Promise<void> {
    const page = await this.dataSource.manager.findOneBy(PageEntity, { id: job.pageId });
    if (!page) throw new Error(`page ${job.pageId} does not exist (yet)`);
    if (page.outcome !== 'PENDING') return;
    const current = await this.dataSource.manager.findOneByOrFail(EscalationEntity, { id: page.escalationId });
    if (current.status === 'STOPPED') {
      await this.dataSource.manager.update(PageEntity, { id: page.id }, { outcome: 'FAILED', error: `not sent: the escalation stopped (${current.stopReason})` });
      return;
    }
    const escalation = current;
    const step = { round: page.round, level: page.level };
    const context: PageContext = {
      incidentId: escalation.incidentId,
      incidentTitle: escalation.incidentTitle,
      severity: escalation.severity,
      services: escalation.services,
      policy: escalation.policy.name,
      step,
      target: page.target,
    };
    let error: string | null = null;
    try {
      if (page.channel === 'webhook') await this.pager.post((escalation.policy.webhookUrl ?? this.config.paging.webhookUrl)!, webhookBody(context));
      else if (page.channel === 'pagerduty') await this.pager.post(this.config.paging.pagerDutyEventsUrl, pagerDutyBody(this.config.paging.pagerDutyRoutingKey!, context));
      else throw new Error('no channel configured (NOTIFY_WEBHOOK_URL, a policy webhookUrl or PAGERDUTY_ROUTING_KEY)');
    } catch (e) {
      error = (e as Error).message;
    }
    const final = error === null || attempt >= PAGE_ATTEMPTS || page.channel === 'none';
    await this.run(async (uow) => {
      await uow.manager.update(PageEntity, { id: page.id }, { attempts: attempt, error, ...(final ? { outcome: error ? 'FAILED' : 'SENT', sentAt: error ? null : new Date() } : {}) });
      if (final) uow.events.push(this.event(escalation, step, { target: page.target, channel: page.channel, outcome: error ? 'failed' : 'sent', detail: error }));
    });
    if (!final) throw new Error(`page to ${page.target} via ${page.channel} failed (attempt ${attempt} of ${PAGE_ATTEMPTS}): ${error}`);
    if (error) this.logger.warn(`page to ${page.target} via ${page.channel} failed for good: ${error}`);
  }

  private event(escalation: EscalationEntity, step: Step, fields: Pick<EscalationEventPayload, 'target' | 'channel' | 'outcome' | 'detail'>): DomainEvent<EscalationEventPayload> {
    const type = fields.outcome === 'skipped' ? RunbookEvents.EscalationLevelSkipped : RunbookEvents.EscalationPage;
    return domainEvent<EscalationEventPayload>(type, escalation.id, {
      escalationId: escalation.id,
      incidentId: escalation.incidentId,
      policy: escalation.policy.name,
      level: step.level + 1,
      round: step.round + 1,
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
