import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, normalizeUrl, parseTimeout, readSavedLogin, resolveConnection, saveLogin } from './cli-config';
import { CliError, ExitCode } from './cli-errors';

const exitCodeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof CliError) return error.exitCode;
    throw error;
  }
  return ExitCode.Ok;
};

describe('the saved login and the environment', () => {
  it('lives under $XDG_CONFIG_HOME, else ~/.config (a relative XDG_CONFIG_HOME is ignored, as the spec says)', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/etc/xdg-me' }, '/home/ana')).toBe('/etc/xdg-me/companyos/config.json');
    expect(configPath({}, '/home/ana')).toBe('/home/ana/.config/companyos/config.json');
    expect(configPath({ XDG_CONFIG_HOME: 'relative' }, '/home/ana')).toBe('/home/ana/.config/companyos/config.json');
  });

  it('is saved readable by its owner only (0600) and read back; a broken file is named', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'companyos-cli-')), 'nested', 'companyos', 'config.json');
    expect(readSavedLogin(path)).toBeNull();
    saveLogin(path, { url: 'https://cos.example.com', token: 'cos_abc' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readSavedLogin(path)).toEqual({ url: 'https://cos.example.com', token: 'cos_abc' });
    saveLogin(path, { url: 'https://other.example.com', token: 'cos_def' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ url: 'https://other.example.com', token: 'cos_def' });
    writeFileSync(path, 'not json');
    expect(() => readSavedLogin(path)).toThrow(`${path} is not a saved login`);
  });

  it('lets COMPANYOS_URL and COMPANYOS_TOKEN override the saved login, each on its own', () => {
    const saved = { url: 'https://saved.example.com/', token: 'cos_saved' };
    expect(resolveConnection({}, saved, undefined, 'cfg')).toEqual({ url: 'https://saved.example.com', token: 'cos_saved', timeoutMs: 30_000 });
    expect(resolveConnection({ COMPANYOS_URL: 'http://ci:4000/graphql' }, saved, undefined, 'cfg')).toMatchObject({ url: 'http://ci:4000', token: 'cos_saved' });
    expect(resolveConnection({ COMPANYOS_TOKEN: 'cos_ci' }, saved, undefined, 'cfg')).toMatchObject({ url: 'https://saved.example.com', token: 'cos_ci' });
    expect(resolveConnection({ COMPANYOS_URL: 'http://a', COMPANYOS_TOKEN: 't', COMPANYOS_TIMEOUT_MS: '500' }, null, undefined, 'cfg').timeoutMs).toBe(500);
    expect(resolveConnection({ COMPANYOS_URL: 'http://a', COMPANYOS_TOKEN: 't', COMPANYOS_TIMEOUT_MS: '500' }, null, '900', 'cfg').timeoutMs).toBe(900);
  });

  it('says what is missing when there is no login (exit 3), and refuses malformed values (exit 2)', () => {
    expect(() => resolveConnection({}, null, undefined, '/x/config.json')).toThrow('not logged in: no gateway URL and no token');
    expect(() => resolveConnection({ COMPANYOS_URL: 'http://a' }, null, undefined, 'cfg')).toThrow('not logged in: no token');
    expect(exitCodeOf(() => resolveConnection({}, null, undefined, 'cfg'))).toBe(ExitCode.Auth);
    expect(exitCodeOf(() => resolveConnection({ COMPANYOS_URL: 'ftp://a', COMPANYOS_TOKEN: 't' }, null, undefined, 'cfg'))).toBe(ExitCode.Usage);
    expect(exitCodeOf(() => resolveConnection({ COMPANYOS_URL: 'http://a', COMPANYOS_TOKEN: 'two words' }, null, undefined, 'cfg'))).toBe(ExitCode.Usage);
    expect(exitCodeOf(() => parseTimeout('0', '--timeout'))).toBe(ExitCode.Usage);
    expect(exitCodeOf(() => parseTimeout('soon', '--timeout'))).toBe(ExitCode.Usage);
  });

  it('normalises the URL people paste', () => {
    expect(normalizeUrl(' https://cos.example.com/ ')).toBe('https://cos.example.com');
    expect(normalizeUrl('https://cos.example.com/graphql')).toBe('https://cos.example.com');
    expect(normalizeUrl('https://example.com/companyos/')).toBe('https://example.com/companyos');
    expect(() => normalizeUrl('https://user:pw@cos.example.com')).toThrow('must not carry a user name');
    expect(() => normalizeUrl('cos.example.com')).toThrow('is not a URL');
  });
});
