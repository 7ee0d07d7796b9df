import { z } from 'zod';

// Alertmanager's webhook payload (`version: "4"`), as every Alertmanager
// version sends it: older ones lack `truncatedAlerts` and the per-alert
// `status` and `fingerprint`, newer ones may add keys (dropped here). Errors
// name the path, e.g. `alerts.0.startsAt: …`.

/** Go marshals times as RFC 3339 (with up to nine fraction digits); the zero time is `0001-01-01T00:00:00Z`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const timestamp = z
  .string()
  .refine((value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)), { message: 'Expected an RFC 3339 timestamp' });

/** Label and annotation maps; Go writes a nil map as `null`, so that reads as empty too. */
const stringMap = z
  .record(z.string())
  .nullish()
  .transform((map) => map ?? {});

const status = z.enum(['firing', 'resolved']);

/** The largest notification accepted; Alertmanager's `max_alerts` is unlimited by default. */
export const MAX_ALERTS_PER_NOTIFICATION = 10_000;

const alert = z.object({
  status: status.optional(),
  labels: z.record(z.string()).superRefine((labels, ctx) => {
    if (!labels.alertname) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['alertname'], message: 'Every alert needs a non-empty "alertname" label' });
    }
  }),
  annotations: stringMap,
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const alertmanagerWebhook = z.object({
  version: z.string().optional(),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: status.optional(),
  receiver: z.string().optional(),
  groupLabels: stringMap,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  externalURL: z.string().optional(),
  alerts: z.array(alert).min(1).max(MAX_ALERTS_PER_NOTIFICATION),
});

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhook>;
export type AlertmanagerAlert = AlertmanagerWebhook['alerts'][number];
