import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { redact } from './backup.rules';

/** Where pg_dump and pg_restore are (PG_BIN_DIR), else found on PATH. */
export const pgTool = (name: 'pg_dump' | 'pg_restore') => (process.env.PG_BIN_DIR ? join(process.env.PG_BIN_DIR, name) : name);

/** How long one pg_dump or pg_restore may run (BACKUP_TIMEOUT_MS, default one hour). */
export function toolTimeoutMs(): number {
  const raw = process.env.BACKUP_TIMEOUT_MS ?? '3600000';
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`BACKUP_TIMEOUT_MS must be a positive number of milliseconds (got ${JSON.stringify(raw)})`);
  return ms;
}

/**
 * The libpq environment for a database URL: the tools get host, port, user and
 * password through PG* variables, never on their command line (where `ps` shows
 * it to every user of the machine).
 */
export function libpqEnv(url: string, database?: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
    PGPORT: parsed.port || '5432',
    PGDATABASE: database ?? decodeURIComponent(parsed.pathname.slice(1)),
    PGCONNECT_TIMEOUT: '10',
  };
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

export const databaseOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

const passwordOf = (url: string) => decodeURIComponent(new URL(url).password) || undefined;

/** A connection with a connect timeout and a statement timeout of `statementTimeoutMs`. */
export async function connect(url: string, statementTimeoutMs: number, applicationName: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000, statement_timeout: statementTimeoutMs, application_name: applicationName });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to database ${databaseOf(url)}: ${redact((error as Error).message, passwordOf(url))}`);
  }
  return client;
}

/**
 * Runs a PostgreSQL client tool with the connection of `url` in its
 * environment; rejects with its stderr (passwords removed) when it exits
 * non-zero, and kills it when it runs past `timeoutMs`.
 */
export function runTool(command: string, args: string[], url: string | null, timeoutMs: number, database?: string): Promise<string> {
  const secret = url ? passwordOf(url) : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...(url ? libpqEnv(url, database) : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-64_000)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_000)));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(error.code === 'ENOENT' ? `${command} not found (install the PostgreSQL client, or set PG_BIN_DIR)` : `${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`${command} did not finish within ${timeoutMs} ms (BACKUP_TIMEOUT_MS) and was stopped`));
      if (code === 0) return resolve(stdout);
      reject(new Error(`${command} failed (${signal ?? `exit ${code}`}): ${redact(stderr.trim(), secret) || 'no message'}`));
    });
  });
}
