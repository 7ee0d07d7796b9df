import { parseEnv, positiveInt } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';

/** The builds app's own settings, validated at boot. */
export const buildsConfig = registerAs('builds', () => {
  const env = parseEnv({
    TEST_REPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).default(30 * 1024 * 1024),
    FAILURE_MODEL_RETRAIN_INTERVAL_MS: positiveInt(6 * 3600 * 1000),
    FAILURE_MODEL_HISTORY_RUNS: z.coerce.number().int().min(100).max(100_000).default(5000),
    FAILURE_MODEL_MIN_RUNS: z.coerce.number().int().min(20).max(100_000).default(100),
  });
  return {
    /** The largest JUnit XML report accepted for one upload (the gateway refuses larger bodies with 413). */
    testReportMaxBytes: env.TEST_REPORT_MAX_BYTES,
    /** How often the repeatable job retrains every repository's failure model. */
    failureModelRetrainIntervalMs: env.FAILURE_MODEL_RETRAIN_INTERVAL_MS,
    /** The newest finished runs of a repository one training reads. */
    failureModelHistoryRuns: env.FAILURE_MODEL_HISTORY_RUNS,
    /** Finished runs that passed or failed a repository needs before a model is trained. */
    failureModelMinRuns: env.FAILURE_MODEL_MIN_RUNS,
  };
});

export type BuildsConfig = ConfigType<typeof buildsConfig>;
export const InjectBuildsConfig = () => Inject(buildsConfig.KEY);
