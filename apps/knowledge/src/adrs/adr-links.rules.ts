import type { AdrRef, ParsedAdr } from './adr-parser.rules';

export interface AdrLinks {
  supersedesPaths: string[];
  supersededByPaths: string[];
  amendsPaths: string[];
}

/**
 * Resolves the references between parsed ADRs to paths: a link target must be
 * one of the ADRs; a bare number is the ADR of that number in the same folder,
 * else the only one of that number. "A is superseded by B" also makes B
 * supersede A (and the other way round), whichever side wrote it.
 */
export function resolveAdrLinks(adrs: ParsedAdr[]): { links: Map<string, AdrLinks>; warnings: { path: string; message: string }[] } {
  const byPath = new Set(adrs.map((adr) => adr.path));
  const byNumber = new Map<number, string[]>();
  for (const adr of adrs) if (adr.number !== null) byNumber.set(adr.number, [...(byNumber.get(adr.number) ?? []), adr.path]);
  const links = new Map<string, AdrLinks>(adrs.map((adr) => [adr.path, { supersedesPaths: [], supersededByPaths: [], amendsPaths: [] }]));
  const warnings: { path: string; message: string }[] = [];

  const resolve = (from: ParsedAdr, ref: AdrRef): string | null => {
    if ('path' in ref) {
      if (byPath.has(ref.path)) return ref.path;
      warnings.push({ path: from.path, message: `links to ${ref.path}, which is not an ADR here` });
      return null;
    }
    const candidates = byNumber.get(ref.number) ?? [];
    const folder = from.path.split('/').slice(0, -1).join('/');
    const sameFolder = candidates.filter((path) => path.split('/').slice(0, -1).join('/') === folder);
    const pick = sameFolder.length === 1 ? sameFolder : candidates;
    if (pick.length === 1) return pick[0];
    warnings.push({ path: from.path, message: candidates.length ? `ADR number ${ref.number} is ambiguous (${candidates.join(', ')})` : `no ADR number ${ref.number}` });
    return null;
  };
  const add = (list: string[], path: string) => {
    if (!list.includes(path)) list.push(path);
  };

  for (const adr of adrs) {
    const own = links.get(adr.path) as AdrLinks;
    for (const ref of adr.supersededBy) {
      const target = resolve(adr, ref);
      if (!target || target === adr.path) continue;
      add(own.supersededByPaths, target);
      add((links.get(target) as AdrLinks).supersedesPaths, adr.path);
    }
    for (const ref of adr.supersedes) {
      const target = resolve(adr, ref);
      if (!target || target === adr.path) continue;
      add(own.supersedesPaths, target);
      add((links.get(target) as AdrLinks).supersededByPaths, adr.path);
    }
    for (const ref of adr.amends) {
      const target = resolve(adr, ref);
      if (target && target !== adr.path) add(own.amendsPaths, target);
    }
  }
  return { links, warnings };
}
