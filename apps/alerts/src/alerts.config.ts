import { parseEnv, positiveInt } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';

/** The alerts app's own settings, validated at boot. */
export const alertsConfig = registerAs('alerts', () => {
  const env = parseEnv({
    SLO_CONFIG_FILE: z.string().min(1).optional(),
    ALERT_RETENTION_DAYS: z.coerce.number().int().min(7, 'must be at least 7 days').max(36_500).default(395),
    PROMETHEUS_URL: z
      .string()
      .url()
      .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
      .optional(),
    PROMETHEUS_TIMEOUT_MS: positiveInt(2_000),
  });
  return {
    /** slo-config.yaml to apply at boot (SLOs created or updated by name); none when unset. */
    sloConfigFile: env.SLO_CONFIG_FILE ?? null,
    /** Alert history older than this (by startsAt) is dropped, a whole month's partition at a time. */
    alertRetentionDays: env.ALERT_RETENTION_DAYS,
    /** Where SLOs with an `sli` are measured (`http://prometheus:9090`); unset = their inputs are unknown. */
    prometheusUrl: env.PROMETHEUS_URL?.replace(/\/+$/, '') ?? null,
    /** Each query to Prometheus gives up after this long (and asks Prometheus to stop then too). */
    prometheusTimeoutMs: env.PROMETHEUS_TIMEOUT_MS,
  };
});

export type AlertsConfig = ConfigType<typeof alertsConfig>;
export const InjectAlertsConfig = () => Inject(alertsConfig.KEY);
