import type { AuditRecord } from '@companyos/contracts';
import { loadPlatformConfig, postgresOptions } from '@companyos/platform';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { ACCESS_ENTITIES } from './access.entities';
import { CliUsageError, CREATE_API_TOKEN_USAGE, parseCreateApiTokenArgs } from './api-tokens/create-api-token.args';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuditLogService } from './audit-log/audit-log.service';

/**
 * `npm run --silent token:create -- --name <name> --role admin [--expires-in-days 90]`:
 * issues an API token straight in the database (the first admin token has no
 * other way in), audits it as `cli:<os user>` in the same transaction, and
 * prints the token alone on stdout. Exit 0 done, 2 bad arguments, 1 anything else.
 */
async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseCreateApiTokenArgs>;
  try {
    args = parseCreateApiTokenArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`token:create: ${error.message}\n${CREATE_API_TOKEN_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(CREATE_API_TOKEN_USAGE);
    return 0;
  }

  const config = loadPlatformConfig('access-token-cli', 4007);
  const actor = `cli:${osUser()}`;
  const dataSource = await new DataSource({ ...postgresOptions(config.databaseUrl), entities: ACCESS_ENTITIES, applicationName: 'companyos-access-cli' }).initialize();
  try {
    const { token, apiToken } = await dataSource.transaction(async (manager) => {
      const created = await new ApiTokensService(manager).create({ ...args, createdBy: actor });
      const record: AuditRecord = {
        id: randomUUID(),
        occurredAt: created.apiToken.createdAt.toISOString(),
        principalId: actor,
        principalName: actor,
        role: null,
        via: null,
        clientIp: null,
        operation: 'cli create-api-token',
        fields: [],
        targetIds: [created.apiToken.id],
        outcome: 'ALLOWED',
        code: null,
        detail: null,
      };
      await new AuditLogService(manager).append(record);
      return created;
    });
    process.stdout.write(`${token}\n`);
    process.stderr.write(
      `created API token "${apiToken.name}" (${apiToken.role}, id ${apiToken.id}, expires ${apiToken.expiresAt.toISOString()}); ` +
        'it is shown only this once: store it now (send it as Authorization: Bearer <token>)\n',
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

/** The OS user running the CLI (a container may have no passwd entry for it). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`token:create failed: ${error.message}\n`);
    process.exit(1);
  },
);
