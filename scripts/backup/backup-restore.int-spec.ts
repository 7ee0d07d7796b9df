import { AlertmanagerWebhook, alertmanagerWebhook } from '@companyos/contracts';
import { WebhookDelivery } from '@companyos/platform';
import {
  adminQuery,
  alertmanagerExample,
  createApiTokenWithCli,
  createTestApp,
  createTestDatabase,
  databaseUrl,
  dropTestDatabase,
  testPlatformConfig,
} from '@companyos/testing';
import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { register } from 'prom-client';
import { AlertmanagerIngest } from '../../apps/alerts/src/alerts/alertmanager/alertmanager-ingest.service';
import { AlertsAppModule } from '../../apps/alerts/src/alerts.app.module';
import { IncidentSeverity } from '../../apps/incidents/src/incidents/incident.enums';
import { IncidentsService } from '../../apps/incidents/src/incidents/incidents.service';
import { IncidentsAppModule } from '../../apps/incidents/src/incidents.app.module';

const run = promisify(execFile);
/** The built commands, as `npm run backup` and `npm run restore` run them (npm run build first). */
const DIST = join(__dirname, '..', '..', 'dist', 'scripts');

// The restore drill on real PostgreSQL: a database the platform's own services
// filled (an incident with its timeline and outbox, an Alertmanager
// notification's alerts, an API token minted with the access CLI) is backed
// up with `npm run backup`, restored with `npm run restore` into a new
// database, and the copy holds the same rows. A database holding data is not
// overwritten without --force, and a damaged dump is refused by its checksum.
describe('backup and restore drill (real PostgreSQL, the built commands)', () => {
  let url: string;
  let out: string;
  let backupDir: string;
  const restored: string[] = [];
  const suffix = randomBytes(4).toString('hex');

  const cli = async (script: 'backup' | 'restore', args: string[], dbUrl = url) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(DIST, `${script}.js`), ...args], { env: { ...process.env, DATABASE_URL: dbUrl }, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  const withDb = async <T>(name: string, work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: databaseUrl(name) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  const rowsOf = (client: Client, table: string) => client.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`).then((r) => r.rows.map((x) => x.row));

  const sourceDb = () => new URL(url).pathname.slice(1);

  beforeAll(async () => {
    url = await createTestDatabase();
    out = mkdtempSync(join(tmpdir(), 'companyos-backup-'));
    // One app at a time, in the worker role (they share prom-client's registry and GraphQL's type metadata), each
    // closed before the backup: a quiet database from then on, so the source can be compared with its copy row by row.
    const withApp = async (app: INestApplication, work: (app: INestApplication) => Promise<unknown>) => {
      try {
        await work(app);
      } finally {
        await app.close();
        register.clear();
      }
    };
    await withApp(await createTestApp(IncidentsAppModule.forRoot(testPlatformConfig('incidents', { PORT: '4001', DATABASE_URL: url, ROLE: 'worker' }))), (app) =>
      app.get(IncidentsService).create({ title: 'restore drill', severity: IncidentSeverity.SEV2, affectedServices: ['checkout'] }, 'alice@example.com'),
    );
    await withApp(await createTestApp(AlertsAppModule.forRoot(testPlatformConfig('alerts', { PORT: '4003', DATABASE_URL: url, ROLE: 'worker' }))), (app) => {
      const delivery: WebhookDelivery<AlertmanagerWebhook> = {
        deliveryId: randomUUID(),
        source: 'alertmanager',
        event: 'notification',
        receivedAt: new Date().toISOString(),
        payload: alertmanagerWebhook.parse(alertmanagerExample('firing')),
      };
      return app.get(AlertmanagerIngest).apply(delivery);
    });
    await createApiTokenWithCli(url, 'drill-admin', 'admin');

    const backup = await cli('backup', ['--out', out]);
    expect(backup).toMatchObject({ code: 0 });
    backupDir = backup.stdout.trim();
  });

  afterAll(async () => {
    for (const name of restored) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (out) rmSync(out, { recursive: true, force: true });
    if (url) await dropTestDatabase(url);
  });

  it('writes a manifest with every table counted, the checksum, the migrations and no credentials', async () => {
    const text = readFileSync(join(backupDir, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text);
    expect(manifest.database).toBe(sourceDb());
    expect(manifest.dump).toMatchObject({ file: 'database.dump', format: 'custom', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(manifest.schemas).toEqual(expect.arrayContaining(['access', 'alerts', 'deployments', 'incidents', 'ingest', 'knowledge', 'runbooks', 'builds']));
    for (const table of ['incidents.incidents', 'incidents.timeline_entries', 'incidents.outbox', 'alerts.alerts', 'alerts.processed_messages', 'access.api_tokens']) {
      expect(manifest.rowCounts[table]).toBeGreaterThan(0);
    }
    const migrations = await withDb(sourceDb(), async (c) => (await c.query('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name));
    expect(manifest.migrations).toEqual({ applied: migrations.length, last: migrations.at(-1), names: migrations });
    expect(manifest.versions.server).toMatch(/^\d+\.\d+/);
    expect(manifest.versions.pgDump).toMatch(/pg_dump \(PostgreSQL\)/);
    expect(text).not.toMatch(/postgres:\/\/|127\.0\.0\.1|password/i);
  });

  it('restores into a new database with the same counts and the same rows', async () => {
    const name = `companyos_test_restored_${suffix}`;
    restored.push(name);
    const result = await cli('restore', [backupDir, '--database', name]);
    expect(result).toMatchObject({ code: 0, stdout: `${name}\n` });
    expect(result.stderr).toMatch(/every count as in the manifest/);

    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    const sourceName = manifest.database as string;
    for (const table of Object.keys(manifest.rowCounts)) {
      const [source, copy] = await Promise.all([sourceName, name].map((db) => withDb(db, async (c) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n))));
      expect({ table, count: copy }).toEqual({ table, count: source });
    }
    for (const table of ['incidents.incidents', 'incidents.timeline_entries', 'incidents.outbox', 'alerts.alerts', 'access.api_tokens', 'migrations']) {
      const [source, copy] = await Promise.all([sourceName, name].map((db) => withDb(db, (c) => rowsOf(c, table))));
      expect(copy.length).toBeGreaterThan(0);
      expect(copy).toEqual(source);
    }
  });

  it('refuses to restore over a database holding data without --force, and replaces it with --force', async () => {
    const name = `companyos_test_occupied_${suffix}`;
    restored.push(name);
    await adminQuery(`CREATE DATABASE ${name}`);
    await withDb(name, (c) => c.query('CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)'));

    const refused = await cli('restore', [backupDir, '--database', name]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(new RegExp(`database ${name} is not empty .*--force`));
    expect(await withDb(name, async (c) => (await c.query('SELECT count(*)::int AS n FROM precious')).rows[0].n)).toBe(1);

    const forced = await cli('restore', [backupDir, '--database', name, '--force']);
    expect(forced).toMatchObject({ code: 0 });
    expect(await withDb(name, async (c) => (await c.query(`SELECT to_regclass('public.precious') AS t`)).rows[0].t)).toBeNull();
  });

  it('refuses a damaged dump by its checksum and creates nothing', async () => {
    const damaged = join(out, 'damaged');
    cpSync(backupDir, damaged, { recursive: true });
    const dump = readFileSync(join(damaged, 'database.dump'));
    dump[Math.floor(dump.length / 2)] ^= 0xff;
    writeFileSync(join(damaged, 'database.dump'), dump);
    const name = `companyos_test_damaged_${suffix}`;
    restored.push(name);

    const refused = await cli('restore', [damaged, '--database', name]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/checksum mismatch: .* has SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}/);
    expect(await withDb('postgres', async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount)).toBe(0);
  });

  it('names what is wrong with its arguments (exit 2)', async () => {
    expect(await cli('restore', [])).toMatchObject({ code: 2, stderr: expect.stringMatching(/the backup directory .* is required/) });
    expect(await cli('restore', [backupDir, '--database', 'Bad-Name'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/database name "Bad-Name" must be/) });
    expect(await cli('backup', ['--bogus'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown argument "--bogus"/) });
  });
});
