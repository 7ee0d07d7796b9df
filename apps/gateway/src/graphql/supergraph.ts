import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed supergraph, composed at build time by `npm run compose` (beside `src/` in source and in dist/). */
export const SUPERGRAPH_PATH = join(__dirname, '..', '..', 'supergraph.graphql');

export const loadSupergraph = (): string => readFileSync(SUPERGRAPH_PATH, 'utf8');
