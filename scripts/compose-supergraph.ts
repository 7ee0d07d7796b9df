import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from './supergraph';

/**
 * `npm run compose`: writes apps/gateway/supergraph.graphql from the
 * subgraphs' code (they boot against DATABASE_URL / REDIS_URL to do so).
 * Commit the result; a test fails while it is stale.
 */
const target = join(__dirname, '..', '..', 'apps', 'gateway', 'supergraph.graphql');

composeSupergraph()
  .then((sdl) => {
    writeFileSync(target, sdl);
    console.log(`wrote ${target}`);
    process.exit(0);
  })
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
