import { JobState, QueueRegistry, Queues, withTimeout } from '@companyos/platform';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { jobIdOfPage, redriveCutoff, redriveDecision, stepJobId } from './escalation.rules';
import { pageJob, stepJob } from './escalations.service';

/** Rows one batch claims (ids and job keys only). */
const REDRIVE_BATCH = 100;
/** Batches per table per pass: bounded work; a larger backlog is reached over the next passes (rows looked at step aside). */
const REDRIVE_BATCHES_PER_PASS = 10;
/** How long Redis may take to answer one batch's job states. */
const JOB_STATE_TIMEOUT_MS = 10_000;

/**
 * Running escalations whose next step is due (or was last looked at) before `$1`: read from the partial index
 * `escalations_redrive`, which holds only ACTIVE escalations with a step to run, so an idle pass reads nothing.
 */
export const OVERDUE_STEPS_SQL = `SELECT id, next_round, next_level, next_due_at FROM runbooks.escalations
  WHERE status = 'ACTIVE' AND redrive_after IS NOT NULL AND redrive_after <= $1 AND next_round IS NOT NULL
  ORDER BY redrive_after LIMIT ${REDRIVE_BATCH} FOR UPDATE SKIP LOCKED`;

/** Pages still to send, written (or last looked at) before `$1`: from the partial index `pages_redrive` (PENDING pages only). */
export const OVERDUE_PAGES_SQL = `SELECT id, escalation_id, round, level, target, channel, action FROM runbooks.pages
  WHERE outcome = 'PENDING' AND redrive_after IS NOT NULL AND redrive_after <= $1
  ORDER BY redrive_after LIMIT ${REDRIVE_BATCH} FOR UPDATE SKIP LOCKED`;

export interface RedriveCounts {
  /** Rows whose job was asked about. */
  looked: number;
  /** Jobs Redis no longer held, enqueued again under the same id. */
  enqueued: number;
}

interface StepRow {
  id: string;
  next_round: number;
  next_level: number;
  next_due_at: Date;
}

interface PageRow {
  id: string;
  escalation_id: string;
  round: number;
  level: number;
  target: string;
  channel: string;
  action: string;
}

/**
 * Re-drives escalations from Postgres when Redis loses their jobs (a restart without persistence, a flush, a
 * failover): every ESCALATION_REDRIVE_INTERVAL_MS a worker claims the ACTIVE escalations whose next step is more
 * than ESCALATION_REDRIVE_GRACE_MS overdue and the PENDING pages that old (or last looked at that long ago), asks
 * Redis about each one's job by its deterministic id, and enqueues those Redis no longer holds again under that id
 * (a job still there is left alone, and re-adding one that is makes no second job). The step and page processors
 * already make a second run a no-op (pages are unique per step and target, a page is sent only while PENDING).
 *
 * A process timer, not a repeatable BullMQ job: nothing of it lives in Redis, so a flush cannot stop it. Replicas
 * share the rows (SKIP LOCKED); each pass is bounded, and when nothing is lost it reads an empty partial-index range.
 */
@Injectable()
export class EscalationRedrive implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EscalationRedrive.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @InjectRunbooksConfig() private readonly config: RunbooksConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => this.tick(), this.config.redrive.intervalMs);
  }

  async beforeApplicationShutdown() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick() {
    if (this.running) return;
    this.running = this.pass()
      .then(({ steps, pages }) => {
        if (steps.enqueued || pages.enqueued) this.logger.warn(`re-enqueued ${steps.enqueued} escalation step(s) and ${pages.enqueued} page(s) whose jobs Redis no longer had`);
      })
      .catch((error: Error) => this.logger.warn(`escalation re-drive paused: ${error.message}`))
      .finally(() => (this.running = undefined));
  }

  /** One pass over steps and pages; answers what it looked at and enqueued again. */
  async pass(): Promise<{ steps: RedriveCounts; pages: RedriveCounts }> {
    return { steps: await this.batches((manager) => this.stepBatch(manager)), pages: await this.batches((manager) => this.pageBatch(manager)) };
  }

  private async batches(batch: (manager: EntityManager) => Promise<RedriveCounts>): Promise<RedriveCounts> {
    const total: RedriveCounts = { looked: 0, enqueued: 0 };
    for (let i = 0; i < REDRIVE_BATCHES_PER_PASS; i++) {
      const counts = await this.dataSource.transaction(batch);
      total.looked += counts.looked;
      total.enqueued += counts.enqueued;
      if (counts.looked < REDRIVE_BATCH) break;
    }
    return total;
  }

  private states(queue: string, jobIds: string[]): Promise<JobState[]> {
    const asked = Promise.all(jobIds.map((id) => this.queues.get(queue).getJobState(id) as Promise<JobState>));
    return withTimeout(asked, JOB_STATE_TIMEOUT_MS, `Redis did not answer about ${queue} jobs within ${JOB_STATE_TIMEOUT_MS} ms`);
  }

  /** Running escalations whose next step is overdue by more than the grace: its job enqueued again if Redis lost it. */
  private async stepBatch(manager: EntityManager): Promise<RedriveCounts> {
    const rows: StepRow[] = await manager.query(OVERDUE_STEPS_SQL, [redriveCutoff(Date.now(), this.config.redrive.graceMs)]);
    if (!rows.length) return { looked: 0, enqueued: 0 };
    const steps = rows.map((row) => ({ round: row.next_round, level: row.next_level }));
    const states = await this.states(Queues.RunbooksEscalations, rows.map((row, i) => stepJobId(row.id, steps[i])));
    const decisions = states.map(redriveDecision);
    const lost = rows.flatMap((row, i) => (decisions[i] === 'enqueue' ? [stepJob(row.id, steps[i], new Date(row.next_due_at).getTime())] : []));
    if (lost.length) await this.queues.enqueue(Queues.RunbooksEscalations, lost);
    await this.lookedAt(manager, 'escalations', rows.map((row) => row.id), decisions);
    return { looked: rows.length, enqueued: lost.length };
  }

  /** Pages still PENDING the grace after they were written (or last looked at): the job enqueued again if Redis lost it. */
  private async pageBatch(manager: EntityManager): Promise<RedriveCounts> {
    const rows: PageRow[] = await manager.query(OVERDUE_PAGES_SQL, [redriveCutoff(Date.now(), this.config.redrive.graceMs)]);
    if (!rows.length) return { looked: 0, enqueued: 0 };
    const jobIds = rows.map(jobIdOfPage);
    const decisions = (await this.states(Queues.RunbooksPages, jobIds)).map(redriveDecision);
    const lost = rows.flatMap((row, i) => (decisions[i] === 'enqueue' ? [pageJob(row.id, row.escalation_id, jobIds[i])] : []));
    if (lost.length) await this.queues.enqueue(Queues.RunbooksPages, lost);
    await this.lookedAt(manager, 'pages', rows.map((row) => row.id), decisions);
    return { looked: rows.length, enqueued: lost.length };
  }

  /** Looked at now: again a grace later, unless its job finished (failed for good: a dead letter, replayed from there). */
  private lookedAt(manager: EntityManager, table: 'escalations' | 'pages', ids: string[], decisions: ReturnType<typeof redriveDecision>[]) {
    const finished = ids.filter((_, i) => decisions[i] === 'done');
    // The worker's clock, as the cutoff the rows were chosen by.
    return manager.query(`UPDATE runbooks.${table} SET redrive_after = CASE WHEN id = ANY($2::uuid[]) THEN NULL ELSE $3::timestamptz END WHERE id = ANY($1::uuid[])`, [ids, finished, new Date()]);
  }
}
