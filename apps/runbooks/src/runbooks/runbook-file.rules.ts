import { createHash } from 'node:crypto';
import { Document, isNode, LineCounter, parseAllDocuments } from 'yaml';
import { z } from 'zod';

/** A runbook as its YAML file defines it (see the README's "Runbook files"). */
export interface RunbookDefinition {
  title: string;
  category: string;
  /** From `estimatedDuration` ("15m", "1h30m"); null when not given. */
  estimatedDurationSeconds: number | null;
  services: string[];
  alerts: string[];
  owner: string | null;
  tags: string[];
  /** The URL an alert's `runbook_url` annotation may name to point at this runbook. */
  url: string | null;
  steps: RunbookStep[];
}

export interface RunbookStep {
  title: string;
  description: string | null;
  command: string | null;
  link: string | null;
  optional: boolean;
}

/** One runbook read from one YAML document, with the key it is stored under and the hash of what it says. */
export interface ParsedRunbook {
  path: string;
  hash: string;
  definition: RunbookDefinition;
}

/** What is wrong with one file (or one posted document): `line` is 1-based, null when it has none. */
export interface RunbookFileError {
  file: string;
  line: number | null;
  message: string;
}

export const MAX_RUNBOOK_STEPS = 200;

const DURATION = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s)?$/;

/** "15m", "1h30m", "90s" → seconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return null;
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return total > 0 ? total : null;
}

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const httpUrl = z
  .string()
  .trim()
  .url('must be a URL')
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

const step = z
  .object({
    title: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).trim().min(1, 'must not be empty').max(300),
    description: text(10_000).nullish(),
    command: text(10_000).nullish(),
    link: httpUrl.nullish(),
    optional: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
  })
  .strict();

// Strict objects: a misspelt key (`titel:`) is an error naming it, not a silently ignored line.
const runbookFile = z
  .object({
    title: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).trim().min(1, 'must not be empty').max(300),
    category: name.default('general'),
    estimatedDuration: z
      .string({ invalid_type_error: 'must be a duration such as "15m" or "1h30m"' })
      .refine((value) => parseDuration(value) !== null, 'must be a duration such as "15m" or "1h30m"')
      .nullish(),
    services: z.array(name).max(100).default([]),
    alerts: z.array(name).max(100).default([]),
    owner: text(200).nullish(),
    tags: z.array(name).max(50).default([]),
    url: httpUrl.nullish(),
    /** Only read from posted documents, which have no file name of their own. */
    path: z.string().trim().regex(/^[\w][\w./-]{0,299}$/, 'must be a relative path of letters, digits, "_", "-", "." and "/"').nullish(),
    steps: z
      .array(step, { required_error: 'is required (a list of steps)', invalid_type_error: 'must be a list of steps' })
      .min(1, 'must list at least one step')
      .max(MAX_RUNBOOK_STEPS, `must list at most ${MAX_RUNBOOK_STEPS} steps`),
  })
  .strict();

const unique = (values: string[]) => [...new Set(values)];

function toDefinition(file: z.infer<typeof runbookFile>): RunbookDefinition {
  return {
    title: file.title,
    category: file.category,
    estimatedDurationSeconds: file.estimatedDuration ? parseDuration(file.estimatedDuration) : null,
    services: unique(file.services),
    alerts: unique(file.alerts),
    owner: file.owner || null,
    tags: unique(file.tags),
    url: file.url || null,
    steps: file.steps.map((s) => ({
      title: s.title,
      description: s.description || null,
      command: s.command || null,
      link: s.link || null,
      optional: s.optional,
    })),
  };
}

/** The hash of what a runbook says (key order, comments and layout do not count). */
export function definitionHash(definition: RunbookDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

/** The line of the deepest node that exists along `path` (the document's first line when none). */
function lineOf(document: Document, path: (string | number)[], lines: LineCounter): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    // A key whose value is null has no range of its own: look for the key.
  }
  return null;
}

const issueMessage = (issue: z.ZodIssue) => {
  const where = issue.path.join('.');
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return `${where ? `${where}: ` : ''}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${where || 'runbook'}: ${issue.message}`;
};

/**
 * Reads runbooks from YAML text: one document for a file of RUNBOOKS_DIR,
 * one or many (`---`) for a posted body. Every document is a runbook or an
 * error with its line; one bad document never hides the others.
 * `pathOf(document, index)` names the document's key (the file path).
 */
export function parseRunbookYaml(
  source: string,
  file: string,
  pathOf: (declaredPath: string | null, index: number, title: string) => string,
): { runbooks: ParsedRunbook[]; errors: RunbookFileError[] } {
  const lines = new LineCounter();
  const runbooks: ParsedRunbook[] = [];
  const errors: RunbookFileError[] = [];
  const documents = parseAllDocuments(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(documents)) {
    // An empty stream: no document at all.
    errors.push({ file, line: null, message: 'no runbook in it (the file is empty)' });
    return { runbooks, errors };
  }
  documents.forEach((document, index) => {
    if (document.contents === null && documents.length > 1) return; // an empty document between separators
    if (document.errors.length) {
      const error = document.errors[0];
      errors.push({ file, line: lines.linePos(error.pos[0]).line, message: error.message.split('\n')[0] });
      return;
    }
    let content: unknown;
    try {
      content = document.toJS({ maxAliasCount: 100 }); // throws on an unknown alias, and on an alias bomb
    } catch (error) {
      errors.push({ file, line: lineOf(document, [], lines), message: (error as Error).message });
      return;
    }
    if (content === null || typeof content !== 'object' || Array.isArray(content)) {
      errors.push({ file, line: lineOf(document, [], lines), message: 'a runbook must be a mapping with title, steps, …' });
      return;
    }
    const parsed = runbookFile.safeParse(content);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push({ file, line: lineOf(document, issue.path, lines), message: issueMessage(issue) });
      return;
    }
    const definition = toDefinition(parsed.data);
    runbooks.push({ path: pathOf(parsed.data.path ?? null, index, definition.title), hash: definitionHash(definition), definition });
  });
  if (!runbooks.length && !errors.length) errors.push({ file, line: null, message: 'no runbook in it (the file is empty)' });
  return { runbooks, errors };
}

/** A title as a path: "Redis unreachable!" → "redis-unreachable". */
export const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100) || 'runbook';
