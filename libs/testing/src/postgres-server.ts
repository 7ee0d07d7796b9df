import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, waitFor } from './ports';

const POSTGRES_USER = 'postgres';

/** The bin folder of the highest PostgreSQL major installed (Debian's /usr/lib/postgresql/<major>/bin). */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = majors.map((major) => join(root, major, 'bin')).find((bin) => existsSync(join(bin, 'postgres')));
  if (!found) throw new Error(`no PostgreSQL server binaries under ${root}/<major>/bin (apt-get install postgresql)`);
  return found;
}

/** PostgreSQL refuses to run as root: as root, run it as the postgres OS user (setpriv execs in place, so the pid is the binary's). */
function asPostgres(binary: string, args: string[]): [string, string[]] {
  if (userInfo().uid !== 0) return [binary, args];
  return ['setpriv', ['--reuid', POSTGRES_USER, '--regid', POSTGRES_USER, '--init-groups', binary, ...args]];
}

/** uid and gid of an OS user (from /etc/passwd through `id`). */
function ids(user: string): [number, number] {
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, user]).toString().trim()));
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error(`no OS user ${user} to run PostgreSQL as`);
  return [uid, gid];
}

/**
 * A private PostgreSQL server (the machine's own binaries) on a spare port
 * with its data in a temp dir, for tests that stop and restart the database.
 * Never touches the shared server. Trust auth, user `postgres`, no fsync.
 */
export class PrivatePostgres {
  private process?: ChildProcess;
  private readonly log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly bin: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const bin = binaries();
    const server = new PrivatePostgres(await freePort(), mkdtempSync('/tmp/companyos-pg-'), bin);
    try {
      if (userInfo().uid === 0) chownSync(server.dir, ...ids(POSTGRES_USER));
      const [command, args] = asPostgres(join(server.bin, 'initdb'), ['-D', server.dataDir, '-U', POSTGRES_USER, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
      await promisify(execFile)(command, args, { timeout: 30_000 }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`${join(server.bin, 'initdb')} failed: ${error.stderr?.trim() || error.message}`);
      });
      await server.restart();
      return server;
    } catch (error) {
      await server.destroy();
      throw error;
    }
  }

  /** The server's URL, without a database: append `/<name>`. */
  get url() {
    return `postgres://${POSTGRES_USER}@127.0.0.1:${this.port}`;
  }

  private get dataDir() {
    return join(this.dir, 'data');
  }

  logTail(lines = 20): string {
    return this.log.slice(-lines).join('\n');
  }

  /** Starts the server (again) on its port and data dir; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.process) throw new Error(`postgres on ${this.port} is already running`);
    const binary = join(this.bin, 'postgres');
    const [command, args] = asPostgres(binary, [
      '-D', this.dataDir, '-p', String(this.port), '-k', this.dir,
      '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
    ]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    const keep = (chunk: Buffer) => this.log.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => this.process === child && (this.process = undefined));
    await waitFor(`${binary} on ${this.port}`, async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${binary} exited with ${child.exitCode ?? child.signalCode}:\n${this.logTail()}`);
      }
      const client = new Client({ connectionString: `${this.url}/postgres`, connectionTimeoutMillis: 1_000 });
      try {
        await client.connect();
        return (await client.query('SELECT 1 AS ok')).rows[0].ok === 1;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, 20_000).catch(async (error: Error) => {
      await this.stop().catch(() => undefined);
      throw new Error(`${error.message}\n${binary} log:\n${this.logTail()}`);
    });
  }

  /** Fast shutdown (SIGINT: open sessions are cut, nothing committed is lost); resolves once the postmaster is gone. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 15_000, 'timeout')));
    const outcome = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`postgres on ${this.port} ignored a fast shutdown for 15 s and was killed:\n${this.logTail()}`);
    }
    this.process = undefined;
  }

  /** Stops the server and removes its data dir. */
  async destroy(): Promise<void> {
    try {
      await this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

