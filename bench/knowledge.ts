/**
 * Benchmarks of the knowledge app (issue 14): an ADR sync of 2,000 files in
 * the five formats (goal < 5 s), and `similarIncidents` over 50,000
 * incidents with their alerts (goal p50 < 50 ms), both through the app's own services on a
 * real, migrated PostgreSQL. See bench/README.md.
 *
 *   npm run build && npm run bench:knowledge
 *
 * Self-contained: its own database (companyos_bench_knowledge, re-created at
 * the start, dropped at the end unless BENCH_KEEP_DATABASE=1), its own
 * BullMQ prefix (keys removed at the end), ADR files in a temporary folder.
 */
import 'reflect-metadata';
import { loadPlatformConfig } from '@companyos/platform';
import { adminQuery } from '@companyos/testing';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AdrsService } from '../apps/knowledge/src/adrs/adrs.service';
import { CopilotService } from '../apps/knowledge/src/copilot/copilot.service';
import { KnowledgeAppModule } from '../apps/knowledge/src/knowledge.app.module';
import { createBenchDatabase, intEnv, latencySummary, PG_SERVER, printTable, REDIS_URL, removeQueueKeys, resultsPath, round, writeResults } from './bench-kit';

const ADR_FILES = intEnv('BENCH_ADR_FILES', 2_000);
const INCIDENTS = intEnv('BENCH_INCIDENTS', 50_000);
const QUERIES = intEnv('BENCH_QUERIES', 200);
const DATABASE = 'companyos_bench_knowledge';

/** ADR text in one of the five formats the parser reads (every 50th file broken). */
function adrFile(n: number): [string, string] {
  const num = String(n).padStart(4, '0');
  if (n % 50 === 0) return [`${num}-broken.md`, `---\nstatus: [accepted\n---\n# ${n}. Broken\n`];
  const body = `\n## Context\n\n${'We need to decide how the platform handles load. '.repeat(20)}\n\n## Decision\n\nWe will.\n`;
  switch (n % 5) {
    case 0:
      return [`${num}-madr2.md`, `# Decision ${n}\n\n* Status: accepted\n* Deciders: a, b\n* Date: 2024-01-02\n${body}`];
    case 1:
      return [`${num}-madr3.md`, `---\nstatus: proposed\ndate: 2024-02-03\ndeciders: [a, b]\n---\n# Decision ${n}\n${body}`];
    case 2:
      return [`${num}-nygard.md`, `# ${n}. Decision ${n}\n\nDate: 2024-03-04\n\n## Status\n\n${n > 2 ? `Supersedes [${n - 1}. x](${String(n - 1).padStart(4, '0')}-madr3.md)` : 'Accepted'}\n${body}`];
    case 3:
      return [`2024${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}-log4brains-${n}.md`, `# Decision ${n}\n\n- Status: accepted\n- Date: 2024-04-05\n${body}`];
    default:
      return [`ADR-${num}-bold.md`, `# ADR-${num}: Decision ${n}\n\n**Status:** Deprecated\n${body}`];
  }
}

async function main(): Promise<number> {
  await createBenchDatabase(DATABASE);
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const adrDir = mkdtempSync(join(os.tmpdir(), 'bench-adrs-'));
  mkdirSync(join(adrDir, 'nested'));
  for (let n = 1; n <= ADR_FILES; n++) {
    const [name, text] = adrFile(n);
    writeFileSync(join(adrDir, n % 7 === 0 ? 'nested' : '', name), text);
  }
  process.env.ADR_DIR = adrDir;
  const config = loadPlatformConfig('knowledge', 4005, {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ROLE: 'api',
    DATABASE_URL: `${PG_SERVER}/${DATABASE}`,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    SUBGRAPH_SECRET: 'bench-only-secret-0123456789abcdef0123',
  });
  const app = await NestFactory.create(KnowledgeAppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  try {
    // ------------------------------------------------------------ ADR sync
    const adrs = app.get(AdrsService);
    let started = performance.now();
    const first = await adrs.sync();
    const firstMs = performance.now() - started;
    started = performance.now();
    const again = await adrs.sync();
    const againMs = performance.now() - started;

    // ------------------------------------------------- similarIncidents
    const db = app.get(DataSource);
    const words = ['latency', 'timeout', 'database', 'connection', 'pool', 'certificate', 'expired', 'disk', 'full', 'dns', 'memory', 'leak', 'queue', 'backlog', 'deploy', 'rollback', 'cache', 'eviction', 'kafka', 'lag', 'cpu', 'throttling', 'tls', 'handshake', 'oom', 'crash', 'loop', 'replica', 'failover', 'quota'];
    started = performance.now();
    await db.query(
      `INSERT INTO knowledge.incidents (incident_id, number, title, severity, status, affected_services, impact_description, started_at, resolved_at, event_at)
       SELECT gen_random_uuid(), n,
              initcap(($1::text[])[1 + (n * 7) % 30] || ' ' || ($1::text[])[1 + (n * 13) % 30] || ' on service-' || (n % 200)),
              'SEV' || (1 + n % 4), 'RESOLVED', ARRAY['service-' || (n % 200), 'service-' || ((n * 31) % 200)],
              ($1::text[])[1 + (n * 17) % 30] || ' ' || ($1::text[])[1 + (n * 19) % 30] || ' affecting customers',
              now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval + interval '1 hour', now()
         FROM generate_series(1, $2::int) AS n`,
      [words, INCIDENTS],
    );
    await db.query(`UPDATE knowledge.incidents SET search = to_tsvector('english', concat_ws(' ', title, impact_description))`);
    // The alerts attached to them (as the alerts and incidents domains' events report them): one or two of 100 alert names each.
    await db.query(
      `INSERT INTO knowledge.incident_facts (incident_id, kind, key, at, detail)
       SELECT incident_id, 'ALERT', gen_random_uuid()::text, started_at, jsonb_build_object('alertName', 'BenchAlert' || (number % 100)) FROM knowledge.incidents
       UNION ALL
       SELECT incident_id, 'ALERT', gen_random_uuid()::text, started_at, jsonb_build_object('alertName', 'BenchAlert' || ((number * 7 + 3) % 100)) FROM knowledge.incidents WHERE number % 3 = 0`,
    );
    await db.query('ANALYZE knowledge.incident_facts');
    await db.query('ANALYZE knowledge.incidents');
    const seedMs = performance.now() - started;
    const [{ count: alertFacts }] = (await db.query(`SELECT count(*)::int AS count FROM knowledge.incident_facts`)) as { count: number }[];
    const copilot = app.get(CopilotService);
    const ids = ((await db.query(`SELECT incident_id FROM knowledge.incidents ORDER BY random() LIMIT $1`, [QUERIES])) as { incident_id: string }[]).map((row) => row.incident_id);
    for (const id of ids.slice(0, 10)) await copilot.similar(id, 5); // warm-up
    const latencies: number[] = [];
    for (const id of ids) {
      const t = performance.now();
      const found = await copilot.similar(id, 5);
      latencies.push(performance.now() - t);
      if (found.length !== 5) throw new Error(`similar(${id}) found ${found.length}, expected 5`);
    }
    const similar = latencySummary(latencies);

    const results = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
      adrSync: {
        files: ADR_FILES,
        firstSync: { ms: round(firstMs), created: first.created, errors: first.errors.length, skipped: first.skipped.length },
        secondSync: { ms: round(againMs), unchanged: again.unchanged },
        goalMs: 5_000,
      },
      similarIncidents: { incidents: INCIDENTS, alertFacts, queries: QUERIES, seedMs: round(seedMs), latencyMs: similar, goalP50Ms: 50 },
    };
    printTable([
      ['ADR files', ADR_FILES],
      ['first sync (ms)', round(firstMs)],
      ['  created / errors', `${first.created} / ${first.errors.length}`],
      ['second sync, unchanged (ms)', round(againMs)],
      ['incidents', INCIDENTS],
      ['  alerts attached', alertFacts],
      ['similarIncidents p50 (ms)', similar.p50],
      ['similarIncidents p90 (ms)', similar.p90],
    ]);
    writeResults(resultsPath('knowledge.json'), results);
    return firstMs < 5_000 && similar.p50 < 50 ? 0 : 2;
  } finally {
    await app.close();
    rmSync(adrDir, { recursive: true, force: true });
    await removeQueueKeys(prefix);
    if (process.env.BENCH_KEEP_DATABASE !== '1') await adminQuery(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
