import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, ExitCode, usageError } from './cli-errors';

/** What `companyos login` saves. */
export interface SavedLogin {
  url: string;
  token: string;
}

/** Where the gateway is and what to send it, wherever each came from. */
export interface Connection {
  /** The gateway's origin (and path prefix, if any), without a trailing slash or /graphql. */
  url: string;
  token: string;
  timeoutMs: number;
}

type Env = Record<string, string | undefined>;

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 10 * 60_000;
const MAX_CONFIG_BYTES = 64 * 1024;

/** `$XDG_CONFIG_HOME/companyos/config.json`, else `~/.config/companyos/config.json` (XDG base directories). */
export function configPath(env: Env = process.env, home = homedir()): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'companyos', 'config.json');
}

/** A gateway URL as the user typed it, normalised: http(s) only, no trailing slash, no /graphql. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw usageError(`--url ${JSON.stringify(raw)} is not a URL (expected e.g. https://companyos.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--url must be http:// or https://, not ${url.protocol}`);
  if (url.username || url.password) throw usageError('--url must not carry a user name or password; pass the token with --token');
  if (url.search || url.hash) throw usageError('--url must not have a query or fragment');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return `${url.origin}${path}`;
}

/** A token as given: trimmed, one line, printable, bounded. */
export function checkToken(raw: string, source: string): string {
  const token = raw.trim();
  if (!token) throw new CliError(`${source} is empty`, ExitCode.Auth);
  if (token.length > 8192 || /[^\x21-\x7e]/.test(token)) throw usageError(`${source} is not a token (one line of printable characters, at most 8192)`);
  return token;
}

/** The saved login, or null when there is none. A file that cannot be read or parsed is an error naming it. */
export function readSavedLogin(path: string): SavedLogin | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, ExitCode.Auth);
  }
  if (text.length > MAX_CONFIG_BYTES) throw new CliError(`${path} is larger than ${MAX_CONFIG_BYTES} bytes; run companyos login again`, ExitCode.Auth);
  try {
    const parsed = JSON.parse(text) as Partial<SavedLogin>;
    if (typeof parsed.url === 'string' && typeof parsed.token === 'string') return { url: parsed.url, token: parsed.token };
  } catch {
    // reported below
  }
  throw new CliError(`${path} is not a saved login (expected {"url": …, "token": …}); run companyos login again`, ExitCode.Auth);
}

/** Saves the login readable by its owner only (0600, its folder 0700), replacing the file atomically. */
export function saveLogin(path: string, login: SavedLogin): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** A timeout in ms from --timeout or COMPANYOS_TIMEOUT_MS (1 ms … 10 min). */
export function parseTimeout(raw: string | undefined, source: string): number {
  if (raw === undefined || raw === '') return DEFAULT_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) throw usageError(`${source} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, not ${JSON.stringify(raw)}`);
  return ms;
}

/**
 * The connection a command uses: COMPANYOS_URL and COMPANYOS_TOKEN (what a CI
 * job sets) override the saved login, each on its own.
 */
export function resolveConnection(env: Env, saved: SavedLogin | null, timeoutOption: string | undefined, path: string): Connection {
  const rawUrl = env.COMPANYOS_URL || saved?.url;
  const rawToken = env.COMPANYOS_TOKEN || saved?.token;
  const missing = [!rawUrl && 'gateway URL', !rawToken && 'token'].filter(Boolean).join(' and no ');
  if (missing) {
    throw new CliError(
      `not logged in: no ${missing}; run \`companyos login --url <gateway> --token <token>\` (saved in ${path}) or set COMPANYOS_URL and COMPANYOS_TOKEN`,
      ExitCode.Auth,
    );
  }
  const timeoutMs = timeoutOption !== undefined ? parseTimeout(timeoutOption, '--timeout') : parseTimeout(env.COMPANYOS_TIMEOUT_MS, 'COMPANYOS_TIMEOUT_MS');
  return {
    url: normalizeUrl(rawUrl!),
    token: checkToken(rawToken!, env.COMPANYOS_TOKEN ? 'COMPANYOS_TOKEN' : `the token saved in ${path}`),
    timeoutMs,
  };
}
