import { parse as parseYaml } from 'yaml';
import { AdrStatus } from './adr.enums';

/** A reference from one ADR to another: a link target (resolved against the file's folder) or a bare number. */
export type AdrRef = { path: string } | { number: number };

export interface ParsedAdr {
  path: string;
  number: number | null;
  title: string;
  status: AdrStatus;
  /** The status as written (`Superseded by [3. …](…)`), first line. */
  statusText: string | null;
  date: string | null;
  deciders: string[];
  supersedes: AdrRef[];
  supersededBy: AdrRef[];
  amends: AdrRef[];
  /** Things the parser let through but a reader should know (no status written: PROPOSED assumed). */
  warnings: string[];
}

export class AdrParseError extends Error {}

/** What a file name says: skipped (a template, README, not Markdown) or its number / date. */
export type AdrFileName = { skip: true; reason: string } | { skip: false; number: number | null; date: string | null };

const MARKDOWN = /\.(md|markdown)$/i;

export function adrFileName(path: string): AdrFileName {
  const base = path.split('/').pop() ?? path;
  if (!MARKDOWN.test(base)) return { skip: true, reason: 'not Markdown' };
  const stem = base.replace(MARKDOWN, '');
  if (/^(readme|index|toc|template|adr-template|_?template.*)$/i.test(stem) || /(^|[-_])template$/i.test(stem)) {
    return { skip: true, reason: 'template or index' };
  }
  // MADR 3 and 4 ship `adr-template-minimal.md`, `adr-template-bare.md`, …; adr-tools keeps its own in `templates/`.
  // A numbered or dated file that merely mentions templates (`0012-template-engine.md`) is still an ADR.
  const numbered = /^(?:adr[-_ ]?)?\d/i.test(stem);
  const folders = path.split('/').slice(0, -1);
  if ((!numbered && /(^|[-_.])templates?([-_.]|$)/i.test(stem)) || folders.some((folder) => /^_?templates?$/i.test(folder))) {
    return { skip: true, reason: 'template or index' };
  }
  let match = /^(\d{4})-(\d{2})-(\d{2})[-_]/.exec(stem);
  if (match && validDay(+match[1], +match[2], +match[3])) return { skip: false, number: null, date: `${match[1]}-${match[2]}-${match[3]}` };
  match = /^((?:19|20)\d{2})(\d{2})(\d{2})[-_]/.exec(stem);
  if (match && validDay(+match[1], +match[2], +match[3])) return { skip: false, number: null, date: `${match[1]}-${match[2]}-${match[3]}` };
  match = /^(?:adr[-_ ]?)?(\d{1,6})(?:[-_. ]|$)/i.exec(stem);
  if (match) return { skip: false, number: Number(match[1]), date: null };
  return { skip: false, number: null, date: null };
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Status words as real repositories write them (and misspell them). */
const STATUS_WORDS: [RegExp, AdrStatus][] = [
  [/^(proposed|proposal|draft|open|pending|in[- ]review|under[- ]review|wip)$/, AdrStatus.PROPOSED],
  [/^(accepted|approved|adopted|decided|agreed|done|implemented|active)$/, AdrStatus.ACCEPTED],
  [/^(rejected|declined|refused|withdrawn)$/, AdrStatus.REJECTED],
  [/^(deprecated|obsolete|retired)$/, AdrStatus.DEPRECATED],
  [/^(superseded|superceded|superseeded|supersceded|replaced)$/, AdrStatus.SUPERSEDED],
];
const CANONICAL: [string, AdrStatus][] = [
  ['proposed', AdrStatus.PROPOSED],
  ['accepted', AdrStatus.ACCEPTED],
  ['rejected', AdrStatus.REJECTED],
  ['deprecated', AdrStatus.DEPRECATED],
  ['superseded', AdrStatus.SUPERSEDED],
];

/** The status a line of status text states (its first word; a near-miss spelling of one of the five counts). */
export function statusOf(text: string): AdrStatus | null {
  const word = (/[a-z]+(?:[- ]review)?/i.exec(text.replace(/[*_`~]/g, ''))?.[0] ?? '').toLowerCase();
  if (!word) return null;
  for (const [pattern, status] of STATUS_WORDS) if (pattern.test(word)) return status;
  for (const [canonical, status] of CANONICAL) if (editDistance(word, canonical) <= 2) return status;
  return null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Markdown links `[text](target)` and bare ADR numbers (`ADR-0005`, `5.`) in a piece of text. */
function refsIn(text: string, folder: string): AdrRef[] {
  const refs: AdrRef[] = [];
  const linkPattern = /\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
  let found = false;
  for (const link of text.matchAll(linkPattern)) {
    const target = link[2].split('#')[0];
    if (!target || /^[a-z]+:/i.test(target)) continue;
    refs.push({ path: joinPath(folder, decodeURIComponent(target)) });
    found = true;
  }
  if (!found) {
    const number = /(?:adr[-_ #]?|#|\b)(\d{1,6})\b/i.exec(text);
    if (number) refs.push({ number: Number(number[1]) });
  }
  return refs;
}

/** `docs/adr` + `../adr/0003-x.md` → `docs/adr/0003-x.md`-style normalisation (no leading `./`). */
export function joinPath(folder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const part of target.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

const RELATIONS: [RegExp, keyof Pick<ParsedAdr, 'supersedes' | 'supersededBy' | 'amends'>][] = [
  [/^\s*(?:[-*]\s*)?(?:status:\s*)?(?:superseded|superceded|superseeded|replaced)\s+by\b(.*)$/im, 'supersededBy'],
  [/^\s*(?:[-*]\s*)?(?:supersedes|supercedes|replaces)\b(.*)$/im, 'supersedes'],
  [/^\s*(?:[-*]\s*)?amends\b(.*)$/im, 'amends'],
];

/** Reads one ADR in any of the formats the README lists; throws AdrParseError naming what is wrong. */
export function parseAdr(path: string, content: string): ParsedAdr {
  const name = adrFileName(path);
  if (name.skip) throw new AdrParseError(`not an ADR (${name.reason})`);
  const folder = path.split('/').slice(0, -1).join('/');
  // PostgreSQL text cannot hold a NUL: one such file (saved as UTF-16, or binary) must not fail the whole sync.
  if (content.includes('\u0000')) throw new AdrParseError('contains NUL bytes: not UTF-8 text (saved as UTF-16, or binary?)');
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const warnings: string[] = [];

  // YAML front matter (MADR 3 and 4).
  let body = text;
  let front: Record<string, unknown> = {};
  const fm = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (fm) {
    try {
      const value = parseYaml(fm[1]);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) front = value as Record<string, unknown>;
      else if (value !== null) throw new AdrParseError('front matter is not a YAML mapping');
    } catch (error) {
      if (error instanceof AdrParseError) throw error;
      throw new AdrParseError(`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    body = text.slice(fm[0].length);
  } else if (text.startsWith('---\n')) {
    throw new AdrParseError('front matter is not closed (no second ---)');
  }

  // Title: the first level-1 heading (`# 1. Title`, `# ADR-0001: Title`, `# Title`), else front matter `title`.
  const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body);
  let number = name.number;
  let title = heading?.[1]?.trim() ?? (typeof front.title === 'string' ? front.title.trim() : '');
  const numbered = /^(?:adr[-_ ]?)?(\d{1,6})\s*[.:\-–—]\s*(.+)$/i.exec(title);
  if (numbered) {
    number ??= Number(numbered[1]);
    title = numbered[2].trim();
  }
  if (!title) throw new AdrParseError('no title (a "# Title" heading or front matter `title`)');

  // The header: what comes before the first `##` section (log4brains / MADR 2 bullets, bold lines, Nygard `Date:`).
  const firstSection = body.search(/^##[ \t]/m);
  const header = firstSection === -1 ? body : body.slice(0, firstSection);
  const field = (names: string): string | null => {
    const pattern = new RegExp(`^\\s*(?:[-*+]\\s+)?(?:\\*\\*|__)?(?:${names})(?:\\*\\*|__)?\\s*:\\s*(?:\\*\\*|__)?\\s*(.+?)\\s*$`, 'im');
    const value = pattern.exec(header)?.[1] ?? pattern.exec(body)?.[1] ?? null;
    return value ? value.replace(/^(\*\*|__)|(\*\*|__)$/g, '').trim() : null;
  };

  // Status: front matter, a `Status:` bullet or bold line, else the `## Status` section.
  let statusText: string | null = null;
  if (front.status !== undefined && front.status !== null) statusText = String(front.status).trim();
  statusText ??= field('status');
  const section = /^##[ \t]+status[ \t]*\n([\s\S]*?)(?=^##[ \t]|(?![\s\S]))/im.exec(body)?.[1]?.trim() ?? null;
  if (!statusText && section) statusText = section.split('\n').map((line) => line.trim()).find(Boolean) ?? null;
  let status: AdrStatus;
  if (statusText) {
    const stated = statusOf(statusText);
    if (!stated) throw new AdrParseError(`status "${statusText}" is not one of proposed, accepted, rejected, deprecated, superseded`);
    status = stated;
  } else {
    status = AdrStatus.PROPOSED;
    warnings.push('no status written: PROPOSED assumed');
  }

  // Links between decisions: in the status text or section, or anywhere in the header.
  const linkText = [statusText ?? '', section ?? '', header].join('\n');
  const relations: Pick<ParsedAdr, 'supersedes' | 'supersededBy' | 'amends'> = { supersedes: [], supersededBy: [], amends: [] };
  for (const line of linkText.split('\n')) {
    for (const [pattern, key] of RELATIONS) {
      const match = pattern.exec(line);
      if (match) relations[key].push(...refsIn(match[1], folder));
    }
  }
  if (relations.supersededBy.length && status !== AdrStatus.SUPERSEDED && status !== AdrStatus.DEPRECATED) status = AdrStatus.SUPERSEDED;

  // Date: front matter, a `Date:` line, else the file name.
  const rawDate = front.date instanceof Date ? front.date.toISOString().slice(0, 10) : front.date !== undefined ? String(front.date) : field('date');
  let date = name.date;
  if (rawDate) {
    const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(rawDate);
    if (iso && validDay(+iso[1], +iso[2], +iso[3])) date = `${iso[1]}-${iso[2].padStart(2, '0')}-${iso[3].padStart(2, '0')}`;
    else warnings.push(`date "${rawDate}" is not YYYY-MM-DD: ignored`);
  }

  // Deciders: front matter `deciders` / `decision-makers`, else a bullet.
  const people = front['decision-makers'] ?? front.deciders ?? field('deciders|decision[- ]makers');
  const deciders = (Array.isArray(people) ? people.map(String) : typeof people === 'string' ? people.split(/,|;|\band\b/) : [])
    .map((person) => person.replace(/[[\]]/g, '').trim())
    .filter(Boolean);

  return {
    path,
    number,
    title: title.replace(/\s+/g, ' ').slice(0, 500),
    status,
    statusText: statusText?.slice(0, 500) ?? null,
    date,
    deciders: [...new Set(deciders)],
    ...dedupeRelations(relations),
    warnings,
  };
}

function dedupeRelations(relations: Pick<ParsedAdr, 'supersedes' | 'supersededBy' | 'amends'>) {
  const unique = (refs: AdrRef[]) => [...new Map(refs.map((ref) => [JSON.stringify(ref), ref])).values()];
  return { supersedes: unique(relations.supersedes), supersededBy: unique(relations.supersededBy), amends: unique(relations.amends) };
}
