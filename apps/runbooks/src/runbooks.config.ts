import { parseEnv } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { z } from 'zod';

/** The runbooks app's own settings, validated at boot. */
export const runbooksConfig = registerAs('runbooks', () => {
  const env = parseEnv({
    RUNBOOKS_DIR: z.string().min(1).default('RUNBOOKS'),
    RUNBOOKS_SYNC_ON_BOOT: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  });
  return {
    /** Where the runbook YAML files live (relative to the working directory unless absolute). */
    runbooksDir: resolve(env.RUNBOOKS_DIR),
    /** Sync RUNBOOKS_DIR when the app boots (worker or all role). */
    syncOnBoot: env.RUNBOOKS_SYNC_ON_BOOT === 'true',
  };
});

export type RunbooksConfig = ConfigType<typeof runbooksConfig>;
export const InjectRunbooksConfig = () => Inject(runbooksConfig.KEY);
