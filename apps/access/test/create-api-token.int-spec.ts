import { postgresOptions } from '@companyos/platform';
import { createTestDatabase, dropTestDatabase } from '@companyos/testing';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ACCESS_ENTITIES } from '../src/access.entities';
import { ApiTokensService } from '../src/api-tokens/api-tokens.service';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'apps', 'access', 'src', 'create-api-token.js');

// `npm run token:create`: the built CLI as a process of its own, on a fresh
// migrated database, the way an operator makes the first admin token.
describe('token:create CLI (built, real PostgreSQL)', () => {
  let url: string;
  let db: DataSource;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    url = await createTestDatabase();
    db = await new DataSource({ ...postgresOptions(url), entities: ACCESS_ENTITIES }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    if (url) await dropTestDatabase(url);
  });

  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  const tokenCount = async () => Number((await db.query('SELECT count(*) AS n FROM access.api_tokens'))[0].n);

  it('prints only a token that verifies as admin, and audits its creation as cli:<os user>', async () => {
    const { code, stdout, stderr } = await run(['--name', 'first-admin', '--role', 'admin', '--expires-in-days', '30']);
    expect({ code, stderr }).toMatchObject({ code: 0, stderr: expect.stringMatching(/created API token "first-admin" \(admin, id .*shown only this once/) });
    expect(stdout).toMatch(/^cos_[A-Za-z0-9_-]{43}\n$/);
    const token = stdout.trim();

    const verification = await new ApiTokensService(db.manager).verify(token);
    expect(verification).toEqual({ principal: { id: expect.any(String), name: 'token:first-admin', role: 'admin', via: 'api-token' }, expiresAt: expect.any(String) });
    const id = 'principal' in verification ? verification.principal.id : '';

    const actor = `cli:${userInfo().username}`;
    const [row] = await db.query('SELECT * FROM access.api_tokens WHERE id = $1', [id]);
    expect(row).toMatchObject({ name: 'first-admin', role: 'admin', created_by: actor });
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(30 * 24 * 3600_000);
    expect(stderr).not.toContain(token);

    const audit = await db.query(`SELECT * FROM access.audit_events WHERE $1 = ANY(target_ids)`, [id]);
    expect(audit).toEqual([
      expect.objectContaining({ operation: 'cli create-api-token', outcome: 'ALLOWED', principal_id: actor, principal_name: actor, target_ids: [id], code: null }),
    ]);
  });

  it.each([
    [['--name', 'x', '--role', 'root'], /--role must be one of viewer, responder, admin/],
    [['--role', 'admin', '--expires-in-days', '30'], /--name is required/],
  ])('exits 2 on %j, naming the argument and writing nothing', async (args, message) => {
    const before = await tokenCount();
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: npm run --silent token:create/);
    expect(await tokenCount()).toBe(before);
  });

  it('exits 1 naming DATABASE_URL when it is not a Postgres URL', async () => {
    const { code, stdout, stderr } = await run(['--name', 'x', '--role', 'admin'], { DATABASE_URL: 'mysql://nope' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/DATABASE_URL/);
  });
});
