import { parseDocument } from 'yaml';
import { z } from 'zod';
import { sliQueryProblem } from './sli.rules';

/** One SLO of slo-config.yaml, ready to store: `objective` as a ratio (0.999 for 99.9 %). */
export interface SloDefinition {
  name: string;
  service: string;
  objective: number;
  windowDays: 28 | 30;
  description: string | null;
  /** The SLI's PromQL (both or neither): measured from Prometheus when set, else the alert-time model. */
  sliErrorQuery: string | null;
  sliTotalQuery: string | null;
}

const SLO_NAME = /^[a-z0-9][a-z0-9_.-]*$/;
const WINDOWS = { '28d': 28, '30d': 30 } as const;

const sliQuery = z.string().superRefine((query, ctx) => {
  const problem = sliQueryProblem(query);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});

// Strict objects: a misspelt key (`objectve:`) is an error, not a silently ignored line.
const sloEntry = z
  .object({
    name: z.string().regex(SLO_NAME, 'must start with a lower-case letter or digit and hold only a-z, 0-9, "_", "." and "-"'),
    service: z.string().trim().min(1),
    objective: z.number().gt(0, 'must be a percentage above 0').lt(100, 'must be a percentage below 100'),
    window: z.enum(['28d', '30d']),
    description: z.string().nullish(),
    sli: z.object({ errorQuery: sliQuery, totalQuery: sliQuery }).strict().nullish(),
  })
  .strict();

const sloConfig = z
  .object({
    slos: z.array(sloEntry).superRefine((slos, ctx) => {
      const seen = new Map<string, number>();
      slos.forEach((slo, index) => {
        const first = seen.get(slo.name);
        if (first === undefined) {
          seen.set(slo.name, index);
          return;
        }
        const message = `duplicate name "${slo.name}" (also slos.${first}.name)`;
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'name'], message });
      });
    }),
  })
  .strict();

/**
 * Reads the SLO definitions of slo-config.yaml. Throws an Error naming the
 * source and where it is wrong: `slo-config.yaml: slos.1.objective: …`, or
 * the line and column of a YAML syntax error.
 */
export function parseSloConfig(text: string, source = 'slo-config.yaml'): SloDefinition[] {
  const document = parseDocument(text);
  if (document.errors.length) {
    throw new Error(`${source}: ${document.errors.map((error) => error.message.split('\n')[0]).join('; ')}`);
  }
  let content: unknown;
  try {
    content = document.toJS(); // throws on an unknown alias, and on an alias bomb
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
  const parsed = sloConfig.safeParse(content);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${source}: ${problems.join('; ')}`);
  }
  return parsed.data.slos.map((slo) => ({
    name: slo.name,
    service: slo.service,
    objective: percentToRatio(slo.objective),
    windowDays: WINDOWS[slo.window],
    description: slo.description ?? null,
    sliErrorQuery: slo.sli?.errorQuery.trim() ?? null,
    sliTotalQuery: slo.sli?.totalQuery.trim() ?? null,
  }));
}

/** 99.9 → 0.999, not 0.9990000000000001: 15 significant digits is what a decimal percentage can carry through a double. */
const percentToRatio = (percent: number) => Number((percent / 100).toPrecision(15));
