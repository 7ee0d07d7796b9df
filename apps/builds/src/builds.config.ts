import { parseEnv } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';

/** The builds app's own settings, validated at boot. */
export const buildsConfig = registerAs('builds', () => {
  const env = parseEnv({
    TEST_REPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).default(30 * 1024 * 1024),
  });
  return {
    /** The largest JUnit XML report accepted for one upload (the gateway refuses larger bodies with 413). */
    testReportMaxBytes: env.TEST_REPORT_MAX_BYTES,
  };
});

export type BuildsConfig = ConfigType<typeof buildsConfig>;
export const InjectBuildsConfig = () => Inject(buildsConfig.KEY);
