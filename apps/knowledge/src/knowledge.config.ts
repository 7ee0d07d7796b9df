import { parseEnv, positiveInt } from '@companyos/platform';
import { Inject } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

/** The knowledge app's own settings, validated at boot (each error names its variable). */
export const knowledgeConfig = registerAs('knowledge', () => {
  const env = parseEnv({
    ADR_DIR: z.string().min(1).default('adr'),
    ROADMAP_FILE: z.string().min(1).default('backlog.json'),
    POSTMORTEM_AUTO_DRAFT_SEVERITIES: z
      .string()
      .default('SEV1,SEV2')
      .transform((value) => value.split(',').map((item) => item.trim().toUpperCase()).filter(Boolean))
      .refine((list) => list.every((item) => (SEVERITIES as readonly string[]).includes(item)), 'must be a comma-separated list of SEV1…SEV4 (empty: never)'),
    ACTION_ITEM_REMINDER_WEBHOOK_URL: z
      .string()
      .url('must be the http(s) URL overdue reminders are POSTed to')
      .refine((value) => /^https?:/.test(value), 'must be an http(s) URL')
      .optional(),
    ACTION_ITEM_REMINDER_INTERVAL_MS: positiveInt(3_600_000),
    ACTION_ITEM_REMINDER_TIMEOUT_MS: positiveInt(5_000),
    ACTION_ITEM_TIME_ZONE: z
      .string()
      .default('UTC')
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin'),
  });
  return {
    /** Directory of architecture decision records that `syncAdrs` reads (relative to the working directory). */
    adrDir: env.ADR_DIR,
    /** backlog.json that `syncRoadmap` reads. */
    roadmapFile: env.ROADMAP_FILE,
    /** Severities whose resolution drafts a postmortem (none when empty). */
    autoDraftSeverities: env.POSTMORTEM_AUTO_DRAFT_SEVERITIES,
    /** The zone in which an action item's due date is a calendar day (it is overdue from the next day there). */
    actionItemTimeZone: env.ACTION_ITEM_TIME_ZONE,
    /** Overdue action items are reminded here (grouped per owner, once per item per day); none: no reminders. */
    reminderWebhookUrl: env.ACTION_ITEM_REMINDER_WEBHOOK_URL ?? null,
    /** How often the reminder job looks for overdue items. */
    reminderIntervalMs: env.ACTION_ITEM_REMINDER_INTERVAL_MS,
    /** How long one reminder POST may take. */
    reminderTimeoutMs: env.ACTION_ITEM_REMINDER_TIMEOUT_MS,
  };
});

export type KnowledgeConfig = ConfigType<typeof knowledgeConfig>;
export const InjectKnowledgeConfig = () => Inject(knowledgeConfig.KEY);
