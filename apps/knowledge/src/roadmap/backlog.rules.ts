import { DomainError } from '@companyos/platform';
import { z } from 'zod';

/** PostgreSQL text cannot hold a NUL (`"\u0000"` in the JSON): refused naming the field, not failed as a whole sync. */
const noNul = [(value: string) => !value.includes('\u0000'), 'contains a NUL character'] as const;
const text = z.string().trim().min(1).max(2000).refine(...noNul);
const list = z.array(z.string().max(2000).refine(...noNul)).max(500).default([]);
const optionalText = z
  .union([z.string().refine(...noNul), z.number()])
  .transform((value) => String(value).trim())
  .nullish();
const id = z.union([z.string().trim().min(1).max(200).refine(...noNul), z.number()]).transform(String);

const storySchema = z.object({
  id,
  title: text,
  owner: optionalText,
  depends_on: z.union([list, z.string().refine(...noNul).transform((value) => [value])]).default([]),
  acceptance_criteria: z.union([list, z.string().refine(...noNul).transform((value) => [value])]).default([]),
});

const epicSchema = z.object({
  id,
  title: text,
  priority: optionalText,
  owner: optionalText,
  stories: z.array(storySchema).max(2000).default([]),
});

/** The backlog.json the seed's authors keep: `{ version, epics: [{ id, title, priority, stories: [...] }] }`; unknown keys are ignored. */
const backlogSchema = z.object({
  version: optionalText,
  epics: z.array(epicSchema).max(2000),
});

export type Backlog = z.infer<typeof backlogSchema>;

/** Parses backlog.json; a file that is not JSON, or not the shape, is INVALID_BACKLOG naming the field. Ids must be unique. */
export function parseBacklog(content: string, file = 'backlog.json'): Backlog {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new DomainError('INVALID_BACKLOG', `${file} is not JSON: ${(error as Error).message}`);
  }
  const result = backlogSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new DomainError('INVALID_BACKLOG', `${file}: ${problems.join('; ')}`);
  }
  const seen = new Set<string>();
  for (const [e, epic] of result.data.epics.entries()) {
    for (const [id, where] of [[epic.id, `epics.${e}.id`], ...epic.stories.map((story, s) => [story.id, `epics.${e}.stories.${s}.id`])]) {
      if (seen.has(id)) throw new DomainError('INVALID_BACKLOG', `${file}: ${where}: id "${id}" appears twice`);
      seen.add(id);
    }
  }
  return result.data;
}
