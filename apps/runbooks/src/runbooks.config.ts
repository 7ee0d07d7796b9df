import { parseEnv, positiveInt } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { z } from 'zod';

/** An empty value (`NOTIFY_WEBHOOK_URL=` in compose) means unset. */
const unsetWhenEmpty = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

/** The runbooks app's own settings, validated at boot. */
export const runbooksConfig = registerAs('runbooks', () => {
  const env = parseEnv({
    RUNBOOKS_DIR: z.string().min(1).default('RUNBOOKS'),
    RUNBOOKS_SYNC_ON_BOOT: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
    NOTIFY_WEBHOOK_URL: unsetWhenEmpty(z.string().url('must be an http(s) URL').optional()),
    PAGERDUTY_ROUTING_KEY: unsetWhenEmpty(z.string().min(1).optional()),
    PAGERDUTY_EVENTS_URL: z.string().url('must be an http(s) URL').default('https://events.pagerduty.com/v2/enqueue'),
    PAGE_TIMEOUT_MS: positiveInt(5_000),
    PAGE_CONCURRENCY: positiveInt(64),
    RUNBOOK_STALE_AFTER_DEPLOYS: positiveInt(20),
    ESCALATION_REDRIVE_INTERVAL_MS: positiveInt(15_000),
    ESCALATION_REDRIVE_GRACE_MS: positiveInt(60_000),
  });
  // A page whose call is still under way when Redis loses its job must not be sent again beside it.
  if (env.ESCALATION_REDRIVE_GRACE_MS <= env.PAGE_TIMEOUT_MS) {
    throw new Error(`Invalid configuration:\n  ESCALATION_REDRIVE_GRACE_MS: must be more than PAGE_TIMEOUT_MS (${env.PAGE_TIMEOUT_MS})`);
  }
  return {
    /** Where the runbook YAML files live (relative to the working directory unless absolute). */
    runbooksDir: resolve(env.RUNBOOKS_DIR),
    /** Sync RUNBOOKS_DIR when the app boots (worker or all role). */
    syncOnBoot: env.RUNBOOKS_SYNC_ON_BOOT === 'true',
    /** Successful production deployments of its services since its last successful run that make a runbook stale. */
    staleAfterDeploys: env.RUNBOOK_STALE_AFTER_DEPLOYS,
    /** Pages: a Slack-compatible webhook (a policy's own URL wins) and, with a routing key, PagerDuty Events API v2. */
    paging: {
      webhookUrl: env.NOTIFY_WEBHOOK_URL ?? null,
      pagerDutyRoutingKey: env.PAGERDUTY_ROUTING_KEY ?? null,
      pagerDutyEventsUrl: env.PAGERDUTY_EVENTS_URL,
      timeoutMs: env.PAGE_TIMEOUT_MS,
      /** Pages sent at once per worker (each waits on a receiver, not on the database). */
      concurrency: env.PAGE_CONCURRENCY,
    },
    /** Steps and pages whose BullMQ job Redis lost, enqueued again (worker role). */
    redrive: {
      /** How often a worker looks. */
      intervalMs: env.ESCALATION_REDRIVE_INTERVAL_MS,
      /** How long past its time a step or page (or since it was last looked at) must be before its job is looked for. */
      graceMs: env.ESCALATION_REDRIVE_GRACE_MS,
    },
  };
});

export type RunbooksConfig = ConfigType<typeof runbooksConfig>;
export const InjectRunbooksConfig = () => Inject(runbooksConfig.KEY);
