import { checkToken, normalizeUrl, saveLogin } from '../cli-config';
import { required } from '../cli-values';
import { gatewayClient } from '../gateway.client';
import { fields, Outcome } from '../output';

export interface LoginOptions {
  url?: string;
  token?: string;
}

/**
 * Checks the token against the gateway (`whoami`) and saves URL and token to
 * `path` (0600). `--token -` reads the token from stdin, so it stays out of
 * the shell history and the process list.
 */
export async function login(options: LoginOptions, path: string, timeoutMs: number, readStdin: () => Promise<string>, fetchImpl?: typeof fetch): Promise<Outcome> {
  const url = normalizeUrl(required(options.url, '--url'));
  const given = required(options.token, '--token', '(or --token - to read it from stdin)');
  const token = checkToken(given === '-' ? await readStdin() : given, given === '-' ? 'the token read from stdin' : '--token');
  const gql = gatewayClient({ url, token, timeoutMs }, fetchImpl);
  const { whoami } = await gql<{ whoami: { id: string; name: string; role: string } }>({ query: 'query CliWhoami { whoami { id name role } }' });
  saveLogin(path, { url, token });
  return {
    json: { url, principal: whoami, configPath: path },
    text: fields([['logged in to', url], ['as', `${whoami.name} (${whoami.role})`], ['saved in', path]]),
  };
}
