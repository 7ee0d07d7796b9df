import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { InjectRunbooksConfig, RunbooksConfig } from '../runbooks.config';
import { ParsedRunbook, parseRunbookYaml, RunbookFileError, slugOf } from './runbook-file.rules';
import { planSync, StoredRunbook } from './runbook-sync.rules';
import { RunbookEntity } from './runbook.entity';
import { RunbookSyncResult } from './runbook.model';
import { RUNBOOK_SYNCS_TOTAL } from './runbooks.metrics';

/** A runbook file larger than this is reported as an error, never read. */
export const MAX_RUNBOOK_FILE_BYTES = 256 * 1024;
/** More files than this in RUNBOOKS_DIR: the rest are reported, not read. */
export const MAX_RUNBOOK_FILES = 10_000;

/** Postgres advisory lock key: one sync at a time across every replica. */
const SYNC_LOCK = 0x52554e42; // "RUNB"

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * Syncs the catalog from YAML: every file of RUNBOOKS_DIR (creating,
 * updating by path and hash, retiring what is gone), or a posted body (create
 * and update only). A file that cannot be read or parsed is reported with its
 * line and leaves its stored runbook as it was.
 */
@Injectable()
export class RunbookSyncService {
  private readonly logger = new Logger(RunbookSyncService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRunbooksConfig() private readonly config: RunbooksConfig,
    @InjectMetric(RUNBOOK_SYNCS_TOTAL) private readonly syncs: Counter<string>,
  ) {}

  /** Syncs RUNBOOKS_DIR (or `dir`): the directory is the whole catalog of directory runbooks. */
  async syncDirectory(dir = this.config.runbooksDir): Promise<RunbookSyncResult> {
    const errors: RunbookFileError[] = [];
    const found: ParsedRunbook[] = [];
    const failedPaths = new Set<string>();
    let files: string[];
    try {
      files = await this.yamlFiles(dir);
    } catch (error) {
      // The directory itself is unreadable: nothing can be told apart from "every file gone", so nothing is retired.
      return this.finish('directory', { created: 0, updated: 0, retired: 0, unchanged: 0, errors: [{ file: dir, line: null, message: `cannot read the runbooks directory: ${(error as Error).message}` }] });
    }
    if (files.length > MAX_RUNBOOK_FILES) {
      for (const file of files.slice(MAX_RUNBOOK_FILES)) failedPaths.add(file);
      errors.push({ file: dir, line: null, message: `more than ${MAX_RUNBOOK_FILES} runbook files: only the first ${MAX_RUNBOOK_FILES} (by path) were read` });
      files = files.slice(0, MAX_RUNBOOK_FILES);
    }
    for (const path of files) {
      const full = join(dir, ...path.split('/'));
      try {
        const size = (await stat(full)).size;
        if (size > MAX_RUNBOOK_FILE_BYTES) throw new Error(`the file is ${size} bytes, over the limit of ${MAX_RUNBOOK_FILE_BYTES}`);
        const parsed = parseRunbookYaml(await readFile(full, 'utf8'), path, () => path);
        if (parsed.runbooks.length > 1) throw new Error('a runbook file holds one runbook (one YAML document)');
        found.push(...parsed.runbooks);
        if (parsed.errors.length) failedPaths.add(path);
        errors.push(...parsed.errors);
      } catch (error) {
        failedPaths.add(path);
        errors.push({ file: path, line: null, message: (error as Error).message });
      }
    }
    return this.finish('directory', { ...(await this.apply(found, failedPaths, true)), errors });
  }

  /** Syncs a posted YAML body (one or many documents): creates and updates, never retires. */
  async syncPosted(yaml: string): Promise<RunbookSyncResult> {
    const { runbooks, errors } = parseRunbookYaml(yaml, 'body', (declared, index, title) => declared ?? `posted/${slugOf(title)}.yaml`);
    const unique: ParsedRunbook[] = [];
    const seen = new Set<string>();
    runbooks.forEach((runbook) => {
      if (seen.has(runbook.path)) errors.push({ file: 'body', line: null, message: `two documents have the path "${runbook.path}"; the later one was skipped` });
      else unique.push(runbook);
      seen.add(runbook.path);
    });
    return this.finish('posted', { ...(await this.apply(unique, new Set(), false)), errors });
  }

  private finish(source: string, result: RunbookSyncResult): RunbookSyncResult {
    this.syncs.inc({ source, outcome: result.errors.length ? 'with_errors' : 'ok' });
    this.logger.log(
      `synced runbooks (${source}): ${result.created} created, ${result.updated} updated, ${result.retired} retired, ${result.unchanged} unchanged, ${result.errors.length} errors`,
    );
    return result;
  }

  /** Relative POSIX paths of every .yaml/.yml file under `dir`, sorted (hidden files and folders skipped). */
  private async yamlFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && isYaml(entry.name))
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
      .sort();
  }

  private apply(found: ParsedRunbook[], failedPaths: ReadonlySet<string>, complete: boolean) {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      const stored = await this.stored(manager);
      const plan = planSync(stored, found, failedPaths, complete);
      const source = complete ? 'directory' : 'posted';
      const now = new Date();
      if (plan.create.length) {
        await manager.insert(
          RunbookEntity,
          plan.create.map((runbook) => ({ path: runbook.path, source, contentHash: runbook.hash, version: 1, retiredAt: null, ...runbook.definition })),
        );
      }
      for (const { id, runbook } of plan.update) {
        await manager
          .createQueryBuilder()
          .update(RunbookEntity)
          .set({ ...runbook.definition, contentHash: runbook.hash, retiredAt: null, version: () => 'version + 1', updatedAt: now })
          .where({ id })
          .execute();
      }
      if (plan.retire.length) {
        await manager
          .createQueryBuilder()
          .update(RunbookEntity)
          .set({ retiredAt: now, updatedAt: now })
          .whereInIds(plan.retire.map((runbook) => runbook.id))
          .execute();
      }
      return { created: plan.create.length, updated: plan.update.length, retired: plan.retire.length, unchanged: plan.unchanged };
    });
  }

  private async stored(manager: EntityManager): Promise<StoredRunbook[]> {
    const rows: { id: string; path: string; content_hash: string; retired: boolean; source: string }[] = await manager.query(
      'SELECT id, path, content_hash, retired_at IS NOT NULL AS retired, source FROM runbooks.runbooks',
    );
    return rows.map((row) => ({ id: row.id, path: row.path, contentHash: row.content_hash, retired: row.retired, fromDirectory: row.source === 'directory' }));
  }
}
