import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { ExitCode, usageError } from '../cli-errors';
import type { Graphql, GraphqlRequest } from '../gateway.client';
import { Outcome, table } from '../output';

/** The server's own limits (README, runbooks): larger files and more files are refused there too. */
const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 10_000;

export interface SyncResultJson {
  created: number;
  updated: number;
  retired: number;
  unchanged: number;
  errors: { file: string; line: number | null; message: string }[];
}

/** Every *.yaml / *.yml under `root` (hidden files and folders skipped), sorted, as paths relative to `root`. */
export function yamlFilesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        found.push(relative(root, path));
        if (found.length > MAX_FILES) throw usageError(`${root} has more than ${MAX_FILES} runbook files`);
      }
    }
  };
  walk(root);
  return found;
}

/**
 * One YAML body of the runbooks at `paths` (files, or folders read like
 * RUNBOOKS_DIR), each document keyed by its path (relative to the folder
 * given, or the file's name) unless it names its own `path:`.
 */
export function runbooksBody(paths: string[]): string {
  const documents: string[] = [];
  for (const given of paths) {
    let stat;
    try {
      stat = statSync(given);
    } catch {
      throw usageError(`${given}: no such file or folder`);
    }
    const files = stat.isDirectory() ? yamlFilesUnder(given).map((rel) => ({ file: join(given, rel), key: rel })) : [{ file: given, key: basename(given) }];
    for (const { file, key } of files) documents.push(...keyedDocuments(file, key.split('\\').join('/')));
    if (documents.length > MAX_FILES) throw usageError(`more than ${MAX_FILES} runbooks given`);
  }
  if (!documents.length) throw usageError(`no *.yaml or *.yml runbooks in ${paths.join(', ')}`);
  return documents.join('\n---\n');
}

function keyedDocuments(file: string, key: string): string[] {
  if (statSync(file).size > MAX_FILE_BYTES) throw usageError(`${file} is larger than ${MAX_FILE_BYTES} bytes (the gateway refuses it too)`);
  const text = readFileSync(file, 'utf8');
  // A document the gateway cannot read is sent as it is: the sync reports it with its line.
  return parseAllDocuments(text).map((document) => {
    if ('errors' in document && document.errors.length) return String(document);
    if (isMap(document.contents) && !document.has('path')) document.set('path', key);
    return String(document);
  });
}

export function syncRequest(yaml: string | undefined): GraphqlRequest {
  return {
    query: `mutation CliSyncRunbooks($yaml: String) { syncRunbooks(yaml: $yaml) { created updated retired unchanged errors { file line message } } }`,
    variables: yaml === undefined ? {} : { yaml },
  };
}

export function formatSync(result: SyncResultJson): string {
  const counts = `created ${result.created}, updated ${result.updated}, retired ${result.retired}, unchanged ${result.unchanged}`;
  if (!result.errors.length) return counts;
  return `${counts}\n\nerrors:\n${table(['FILE', 'LINE', 'MESSAGE'], result.errors.map((e) => [e.file, e.line, e.message]))}`;
}

/** Without paths the gateway syncs its RUNBOOKS_DIR; with paths, their YAML is posted. A file in error fails the command (exit 1) after the others synced. */
export async function sync(gql: Graphql, paths: string[]): Promise<Outcome> {
  const body = paths.length ? runbooksBody(paths) : undefined;
  const { syncRunbooks } = await gql<{ syncRunbooks: SyncResultJson }>(syncRequest(body));
  const failed = syncRunbooks.errors.length > 0;
  return {
    json: syncRunbooks,
    text: formatSync(syncRunbooks),
    exitCode: failed ? ExitCode.Failed : ExitCode.Ok,
    notice: failed ? `${syncRunbooks.errors.length} runbook file(s) in error` : undefined,
  };
}
