import { duration, parseEnv, positiveInt } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';
import { DEFAULT_ENVIRONMENT_RULES, parseEnvironmentRules } from './github/environment-mapping';
import { DEFAULT_DEPLOY_WORKFLOW_PATTERN, parseDeployPattern } from './github/github-deployment.rules';

/** A zod string that must parse with `parse` (which throws an Error naming the mistake). */
const parsed = <T>(parse: (text: string) => T) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      try {
        return parse(text);
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    });

const timeZone = z
  .string()
  .default('UTC')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

/** The deployments app's own settings, validated at boot. */
export const deploymentsConfig = registerAs('deployments', () => {
  const env = parseEnv({
    DEPLOY_WORKFLOW_PATTERN: parsed(parseDeployPattern),
    DEPLOYMENT_ENVIRONMENT_RULES: parsed(parseEnvironmentRules),
    RELEASE_WINDOW_TIME_ZONE: timeZone,
    ROLLUP_REFRESH_INTERVAL_MS: positiveInt(60_000),
    ALERTS_SUBGRAPH_URL: z.string().url().optional(),
    SLO_LOOKUP_TIMEOUT_MS: positiveInt(3_000),
    BUILDS_SUBGRAPH_URL: z.string().url().optional(),
    TEST_LOOKUP_TIMEOUT_MS: positiveInt(2_000),
    DEPLOYMENT_MERGE_WINDOW: duration('1h'),
    INCIDENT_ATTRIBUTION_WINDOW: duration('7d'),
  });
  return {
    /** workflow_run events of workflows whose name matches are deployments. */
    deployWorkflowPattern: env.DEPLOY_WORKFLOW_PATTERN ?? DEFAULT_DEPLOY_WORKFLOW_PATTERN,
    /** GitHub environment names → DEVELOPMENT / STAGING / PRODUCTION. */
    environmentRules: env.DEPLOYMENT_ENVIRONMENT_RULES ?? DEFAULT_ENVIRONMENT_RULES,
    /** The time zone the release gate's deployment window is read in. */
    releaseWindowTimeZone: env.RELEASE_WINDOW_TIME_ZONE,
    /** How often the rollup refresh runs even when nothing asked for it. */
    rollupRefreshIntervalMs: env.ROLLUP_REFRESH_INTERVAL_MS,
    /** Where the release gate reads error budgets and burn rates; unset = unknown (the gate then denies). */
    alertsSubgraphUrl: env.ALERTS_SUBGRAPH_URL ?? null,
    sloLookupTimeoutMs: env.SLO_LOOKUP_TIMEOUT_MS,
    /** Where the release gate reads the failing and flaky tests of the commit released; unset = unknown (stated, not assumed). */
    buildsSubgraphUrl: env.BUILDS_SUBGRAPH_URL ?? null,
    testLookupTimeoutMs: env.TEST_LOOKUP_TIMEOUT_MS,
    /** Reports of the same service, commit and environment starting this close together are one deployment. */
    deploymentMergeWindowMs: env.DEPLOYMENT_MERGE_WINDOW,
    /** An incident is attributed automatically only to a deployment that finished at most this long before it started. */
    incidentAttributionWindowMs: env.INCIDENT_ATTRIBUTION_WINDOW,
  };
});

export type DeploymentsConfig = ConfigType<typeof deploymentsConfig>;
export const InjectDeploymentsConfig = () => Inject(deploymentsConfig.KEY);
