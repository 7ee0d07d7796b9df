import { parseEnv } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { z } from 'zod';

/** The alerts app's own settings, validated at boot. */
export const alertsConfig = registerAs('alerts', () => {
  const env = parseEnv({
    SLO_CONFIG_FILE: z.string().min(1).optional(),
  });
  return {
    /** slo-config.yaml to apply at boot (SLOs created or updated by name); none when unset. */
    sloConfigFile: env.SLO_CONFIG_FILE ?? null,
  };
});

export type AlertsConfig = ConfigType<typeof alertsConfig>;
export const InjectAlertsConfig = () => Inject(alertsConfig.KEY);
