import { decodeCursor, DomainError, isUuid, toConnection } from '@companyos/platform';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { In } from 'typeorm';
import { InjectKnowledgeConfig, KnowledgeConfig } from '../knowledge.config';
import { KnowledgeTransactions } from '../knowledge/knowledge-transactions';
import { AdrEntity } from './adr.entity';
import { AdrStatus } from './adr.enums';
import { toAdr } from './adr.mapper';
import { AdrSyncResult } from './adr.model';
import { resolveAdrLinks } from './adr-links.rules';
import { adrFileName, AdrParseError, parseAdr, ParsedAdr } from './adr-parser.rules';

/** A file larger than this is refused (an ADR is a page or two). */
export const MAX_ADR_BYTES = 1024 * 1024;
/** At most this many files are read per sync; the rest are listed as errors. */
export const MAX_ADR_FILES = 20_000;
const MAX_DEPTH = 8;
const CHUNK = 500;

export interface AdrsFilterValues {
  status?: AdrStatus[];
  search?: string;
  includeRemoved?: boolean;
}

/** ADRs: synced from the repository's ADR_DIR, read through the graph. */
@Injectable()
export class AdrsService {
  constructor(
    private readonly tx: KnowledgeTransactions,
    @InjectKnowledgeConfig() private readonly config: KnowledgeConfig,
  ) {}

  /** Reads every ADR under `directory` (default ADR_DIR) and records what changed; one bad file is listed, never fatal. */
  async sync(directory = this.config.adrDir): Promise<AdrSyncResult> {
    const files = await this.markdownFiles(directory);
    const result: AdrSyncResult = { directory, scanned: 0, created: 0, updated: 0, unchanged: 0, removed: 0, skipped: [], errors: [], warnings: [] };
    const parsed: ParsedAdr[] = [];
    for (const path of files.slice(MAX_ADR_FILES)) result.errors.push({ path, message: `over ${MAX_ADR_FILES} files: not read` });
    const toRead = files.slice(0, MAX_ADR_FILES);
    for (let i = 0; i < toRead.length; i += 64) {
      await Promise.all(
        toRead.slice(i, i + 64).map(async (path) => {
          const name = adrFileName(path);
          if (name.skip) {
            result.skipped.push(path);
            return;
          }
          result.scanned += 1;
          try {
            const stats = await lstat(join(directory, path));
            if (stats.size > MAX_ADR_BYTES) throw new AdrParseError(`larger than ${MAX_ADR_BYTES} bytes`);
            const adr = parseAdr(path, await readFile(join(directory, path), 'utf8'));
            parsed.push(adr);
            for (const message of adr.warnings) result.warnings.push({ path, message });
          } catch (error) {
            if (!(error instanceof AdrParseError) && !(error as NodeJS.ErrnoException).code) throw error;
            result.errors.push({ path, message: (error as Error).message });
          }
        }),
      );
    }
    const { links, warnings } = resolveAdrLinks(parsed);
    result.warnings.push(...warnings);

    await this.tx.run(async ({ manager }) => {
      const existing = new Map((await manager.find(AdrEntity, { select: { path: true, contentHash: true, removedAt: true } })).map((row) => [row.path, row]));
      const changed: Partial<AdrEntity>[] = [];
      for (const adr of parsed) {
        const row = {
          path: adr.path,
          number: adr.number,
          title: adr.title,
          status: adr.status,
          statusText: adr.statusText,
          date: adr.date,
          deciders: adr.deciders,
          ...(links.get(adr.path) as object),
        } as Partial<AdrEntity>;
        const contentHash = createHash('sha256').update(JSON.stringify(row)).digest('hex');
        const before = existing.get(adr.path);
        if (before && before.contentHash === contentHash && !before.removedAt) {
          result.unchanged += 1;
          continue;
        }
        if (before) result.updated += 1;
        else result.created += 1;
        changed.push({ ...row, contentHash, removedAt: null });
      }
      for (let i = 0; i < changed.length; i += CHUNK) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(AdrEntity)
          .values(changed.slice(i, i + CHUNK))
          .orUpdate(
            ['number', 'title', 'status', 'status_text', 'date', 'deciders', 'supersedes_paths', 'superseded_by_paths', 'amends_paths', 'content_hash', 'removed_at', 'updated_at'],
            ['path'],
          )
          .execute();
      }
      // Files that failed to parse keep their last good record; only files that are gone are marked removed.
      const present = new Set([...parsed.map((adr) => adr.path), ...result.errors.map((error) => error.path)]);
      const gone = [...existing.values()].filter((row) => !row.removedAt && !present.has(row.path)).map((row) => row.path);
      for (let i = 0; i < gone.length; i += CHUNK) {
        await manager.update(AdrEntity, { path: In(gone.slice(i, i + CHUNK)) }, { removedAt: new Date() });
      }
      result.removed = gone.length;
    });
    result.skipped.sort();
    result.errors.sort((a, b) => a.path.localeCompare(b.path));
    result.warnings.sort((a, b) => a.path.localeCompare(b.path));
    return result;
  }

  /** Markdown files under `directory` (relative, `/`-separated, sorted); symbolic links are not followed. */
  private async markdownFiles(directory: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (folder: string, depth: number) => {
      const entries = await readdir(folder, { withFileTypes: true });
      for (const entry of entries) {
        const full = join(folder, entry.name);
        if (entry.isDirectory() && depth < MAX_DEPTH && !entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full, depth + 1);
        else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) out.push(relative(directory, full).split(sep).join('/'));
      }
    };
    try {
      await walk(directory, 0);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new DomainError('ADR_DIR_NOT_FOUND', `ADR_DIR "${directory}" is not a directory here`);
      throw error;
    }
    return out.sort();
  }

  async findById(id: string): Promise<AdrEntity> {
    const adr = isUuid(id) ? await this.tx.dataSource.manager.findOneBy(AdrEntity, { id }) : null;
    if (!adr) throw new DomainError('ADR_NOT_FOUND', `ADR ${id} does not exist`);
    return adr;
  }

  /** ADRs by number, then date, then path; the cursor is a position in that order. */
  async list(filter: AdrsFilterValues = {}, first = 50, after?: string) {
    const query = this.tx.dataSource.manager.createQueryBuilder(AdrEntity, 'a');
    if (!filter.includeRemoved) query.andWhere('a.removed_at IS NULL');
    if (filter.status?.length) query.andWhere('a.status IN (:...status)', { status: filter.status });
    if (filter.search) query.andWhere(`a.title ILIKE :search ESCAPE '\\'`, { search: `%${filter.search.replace(/[\\%_]/g, '\\$&')}%` });
    // Counted only if the operation selects totalCount (before the cursor narrows the query).
    const countQuery = query.clone();
    const offset = after ? decodeCursor(after) : 0;
    const rows = await query
      .orderBy('a.number', 'ASC', 'NULLS LAST')
      .addOrderBy('a.date', 'ASC', 'NULLS LAST')
      .addOrderBy('a.path', 'ASC')
      .offset(offset)
      .limit(first + 1)
      .getMany();
    const positioned = rows.map((row, index) => ({ row, position: offset + index + 1 }));
    return toConnection(positioned, first, () => countQuery.getCount(), (each) => each.position, (each) => toAdr(each.row));
  }

  async byPaths(paths: readonly string[]): Promise<(AdrEntity | null)[]> {
    const rows = paths.length ? await this.tx.dataSource.manager.findBy(AdrEntity, { path: In([...paths]) }) : [];
    const found = new Map(rows.map((row) => [row.path, row]));
    return paths.map((path) => found.get(path) ?? null);
  }

  async byIds(ids: readonly string[]): Promise<AdrEntity[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.tx.dataSource.manager.findBy(AdrEntity, { id: In(valid) }) : [];
  }
}
