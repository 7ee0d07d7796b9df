/**
 * Benchmarks of the runbooks app (issue 13): `onCall` for one schedule among
 * 500 schedules × 4 layers with a year of weekly edits (52 versions each),
 * read from PostgreSQL through SchedulesService as the resolver does (goal:
 * p50 under 5 ms); and a sync of 1,000 runbook files from a directory through
 * RunbookSyncService (goal: under 5 s), then the same sync again (all
 * unchanged); and 1,000 simultaneous escalations paging a local HTTP
 * receiver through the built app (runbooks-escalations.ts; goal: lateness
 * p99 under 1 s).
 *
 *   npm run build && npm run bench:runbooks
 *   BENCH_PARTS=oncall,escalations npm run bench:runbooks   # some parts only
 *
 * The figures of the parts run replace theirs in bench/results/runbooks.json
 * (the others are kept).
 *
 * Self-contained: its own database (companyos_bench_runbooks, dropped and
 * re-created at the start, dropped at the end unless BENCH_KEEP_DATABASE=1)
 * and a temporary folder of YAML files (removed at the end).
 */
import 'reflect-metadata';
import { postgresOptions } from '@companyos/platform';
import { adminQuery } from '@companyos/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { RUNBOOKS_ENTITIES } from '../apps/runbooks/src/runbooks.entities';
import { runbooksConfig } from '../apps/runbooks/src/runbooks.config';
import { RunbookSyncService } from '../apps/runbooks/src/runbooks/runbook-sync.service';
import { StoredLayer } from '../apps/runbooks/src/schedules/schedule.entity';
import { SchedulesService } from '../apps/runbooks/src/schedules/schedules.service';
import { AppProcess } from '@companyos/testing';
import { createBenchDatabase, intEnv, latencySummary, PG_SERVER, printTable, resultsPath, round, stopAppsOnSignal, writeResults } from './bench-kit';
import { escalationBench } from './runbooks-escalations';

const SCHEDULES = intEnv('BENCH_SCHEDULES', 500);
const LAYERS = intEnv('BENCH_LAYERS', 4);
const VERSIONS = intEnv('BENCH_VERSIONS', 52);
const QUERIES = intEnv('BENCH_QUERIES', 2000);
const FILES = intEnv('BENCH_FILES', 1000);
const DATABASE = 'companyos_bench_runbooks';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'oncall,sync,escalations').split(',').map((part) => part.trim()));
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];

const layer = (s: number, l: number, v: number): StoredLayer => ({
  name: `layer-${l}`,
  priority: l,
  members: Array.from({ length: 3 + ((s + l) % 5) }, (_, m) => [`user-${s}-${l}-${m}-v${v}`]),
  rotation: { handoffTime: `${String((9 + l) % 24).padStart(2, '0')}:00`, every: 1 + (l % 2), unit: l % 2 ? 'DAYS' : 'WEEKS', startsAt: '2025-01-06T08:00:00.000Z' },
  restrictions: l === LAYERS - 1 ? [{ startDay: 'MONDAY', startTime: '09:00', endDay: 'FRIDAY', endTime: '17:00' }] : [],
  advanceOn: 'CALENDAR',
});

async function main(apps: AppProcess[]): Promise<number> {
  await createBenchDatabase(DATABASE);
  const dataSource = await new DataSource({ ...postgresOptions(`${PG_SERVER}/${DATABASE}`), entities: RUNBOOKS_ENTITIES }).initialize();
  const folder = await mkdtemp(join(os.tmpdir(), 'bench-runbooks-'));
  try {
    // ---- schedules: 500 × 4 layers, a version per week over the year before "now"
    const now = new Date('2026-06-15T12:00:00Z');
    const seedStart = performance.now();
    for (let s = 0; s < SCHEDULES; s++) {
      const [{ id }] = await dataSource.query(`INSERT INTO runbooks.schedules (name, services) VALUES ($1, $2) RETURNING id`, [`schedule-${s}`, [`service-${s % 100}`]]);
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let v = 0; v < VERSIONS; v++) {
        const effectiveFrom = v === 0 ? new Date('1970-01-01T00:00:00Z') : new Date(now.getTime() - (VERSIONS - v) * 7 * 86_400_000);
        values.push(id, effectiveFrom, ZONES[s % ZONES.length], JSON.stringify(Array.from({ length: LAYERS }, (_, l) => layer(s, l, v))));
        rows.push(`($${values.length - 3}, $${values.length - 2}, $${values.length - 1}, $${values.length}::jsonb, 'bench')`);
      }
      await dataSource.query(`INSERT INTO runbooks.schedule_versions (schedule_id, effective_from, time_zone, layers, created_by) VALUES ${rows.join(', ')}`, values);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const result: Record<string, unknown> = { at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l)) } };
    const table: [string, string | number][] = [];
    if (PARTS.has('oncall')) {
      const schedules = new SchedulesService(dataSource);
      for (let i = 0; i < 50; i++) await schedules.onCall({ schedule: `schedule-${i}` }, now); // warm-up
      const latencies: number[] = [];
      for (let i = 0; i < QUERIES; i++) {
        const at = new Date(now.getTime() - Math.floor(Math.random() * 180 * 86_400_000));
        const start = performance.now();
        const shifts = await schedules.onCall({ schedule: `schedule-${Math.floor(Math.random() * SCHEDULES)}` }, at);
        latencies.push(performance.now() - start);
        if (!shifts.length && i < 5) throw new Error('onCall found nobody: the seeded schedules are wrong');
      }
      const onCall = latencySummary(latencies);
      result.onCall = { schedules: SCHEDULES, layers: LAYERS, versionsPerSchedule: VERSIONS, queries: QUERIES, seedSeconds: round(seedSeconds), latencyMs: onCall, goalP50Ms: 5 };
      table.push(['onCall p50 (ms)', onCall.p50], ['onCall p90 (ms)', onCall.p90], ['onCall p99 (ms)', onCall.p99]);
    }

    if (PARTS.has('escalations')) {
      const escalations = await escalationBench(`${PG_SERVER}/${DATABASE}`, apps, (policy) => `schedule-${policy}`);
      result.escalations = escalations;
      table.push(
        [`escalations started at once`, escalations.escalations],
        ['pages sent (failed)', `${escalations.pagesSent} (${escalations.pagesFailed})`],
        ['page lateness p50 (ms)', escalations.latenessMs.p50],
        ['page lateness p99 (ms)', escalations.latenessMs.p99],
        ['page lateness max (ms)', escalations.latenessMs.max],
      );
    }

    if (PARTS.has('sync')) {
      // ---- sync of 1,000 runbook files
      for (let f = 0; f < FILES; f++) {
        const steps = Array.from({ length: 8 }, (_, s) => `  - title: Step ${s + 1} of runbook ${f}\n    command: kubectl rollout status deploy/service-${f % 100}\n`).join('');
        await writeFile(join(folder, `runbook-${String(f).padStart(4, '0')}.yaml`), `title: Runbook ${f}\ncategory: bench\nestimatedDuration: 30m\nservices: [service-${f % 100}]\nalerts: [Alert${f % 50}]\nsteps:\n${steps}`);
      }
      process.env.RUNBOOKS_DIR = folder;
      const sync = new RunbookSyncService(dataSource, runbooksConfig(), new Counter({ name: 'bench_syncs', help: 'bench', labelNames: ['source', 'outcome'], registers: [new Registry()] }));
      const firstStart = performance.now();
      const first = await sync.syncDirectory(folder);
      const firstSeconds = (performance.now() - firstStart) / 1000;
      const againStart = performance.now();
      const again = await sync.syncDirectory(folder);
      const againSeconds = (performance.now() - againStart) / 1000;
      if (first.created !== FILES || again.unchanged !== FILES) throw new Error(`sync counts are wrong: ${JSON.stringify({ first, again })}`);
      result.sync = { files: FILES, firstSeconds: round(firstSeconds), unchangedSeconds: round(againSeconds), goalSeconds: 5 };
      table.push([`sync of ${FILES} files, first (s)`, round(firstSeconds)], [`sync of ${FILES} files, unchanged (s)`, round(againSeconds)]);
    }

    printTable(table);
    // The parts run replace theirs; the others' figures stay.
    const file = resultsPath('runbooks.json');
    const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeResults(file, { ...previous, ...result });
    return 0;
  } finally {
    await rm(folder, { recursive: true, force: true });
    await dataSource.destroy();
    if (process.env.BENCH_KEEP_DATABASE !== '1') await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

const running: AppProcess[] = [];
stopAppsOnSignal(running);
main(running).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
