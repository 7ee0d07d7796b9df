import DataLoader from 'dataloader';
import type { Request } from 'express';

/** What every resolver gets as GraphQL context: the request and its DataLoaders. */
export interface RequestContext {
  req?: Request;
  loaders: LoaderCache;
}

/** One DataLoader per key per request, so entity references batch and never leak between requests. */
export class LoaderCache {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results to match the requested keys (missing → null). */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key) ?? null);
}

/** Who is making a request, for timelines and audit trails (the signed principal's name). */
export function actorOf(context: RequestContext): string {
  return context.req?.principal?.name || 'anonymous';
}
