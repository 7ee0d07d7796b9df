import { AccessRole, ACCESS_ROLES, isAccessRole } from '@companyos/contracts';
import { parseArgs } from 'node:util';
import { API_TOKEN_EXPIRY_DAYS, API_TOKEN_NAME_RULE, isValidApiTokenName, isValidExpiryDays } from './api-token.rules';

export const CREATE_API_TOKEN_USAGE = `usage: npm run --silent token:create -- --name <name> --role <${ACCESS_ROLES.join('|')}> [--expires-in-days <1-${API_TOKEN_EXPIRY_DAYS.max}>]
  Creates an API token and prints it (only it) on stdout; it is shown this once.
  --name             ${API_TOKEN_NAME_RULE.replace(/^name /, '')}
  --role             ${ACCESS_ROLES.join(', ')}
  --expires-in-days  days until it expires (default ${API_TOKEN_EXPIRY_DAYS.default})
  Reads DATABASE_URL (default postgres://postgres@127.0.0.1:5432/companyos).
`;

export interface CreateApiTokenArgs {
  name: string;
  role: AccessRole;
  expiresInDays: number;
}

/** A command line that cannot be run; the message names the argument. */
export class CliUsageError extends Error {}

/** The token CLI's arguments, or `'help'` for --help; throws CliUsageError naming what is wrong. */
export function parseCreateApiTokenArgs(argv: string[]): CreateApiTokenArgs | 'help' {
  let values: { name?: string; role?: string; 'expires-in-days'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        'expires-in-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const name = values.name;
  if (name === undefined) throw new CliUsageError('--name is required');
  if (!isValidApiTokenName(name)) throw new CliUsageError(`--name: ${API_TOKEN_NAME_RULE} (got ${JSON.stringify(name)})`);

  const role = values.role?.toLowerCase();
  if (role === undefined) throw new CliUsageError(`--role is required (${ACCESS_ROLES.join(', ')})`);
  if (!isAccessRole(role)) throw new CliUsageError(`--role must be one of ${ACCESS_ROLES.join(', ')} (got ${JSON.stringify(values.role)})`);

  const daysText = values['expires-in-days'];
  const expiresInDays = daysText === undefined ? API_TOKEN_EXPIRY_DAYS.default : /^\d+$/.test(daysText) ? Number(daysText) : NaN;
  if (!isValidExpiryDays(expiresInDays)) {
    throw new CliUsageError(
      `--expires-in-days must be a whole number from ${API_TOKEN_EXPIRY_DAYS.min} to ${API_TOKEN_EXPIRY_DAYS.max} (got ${JSON.stringify(daysText)})`,
    );
  }
  return { name, role, expiresInDays };
}
