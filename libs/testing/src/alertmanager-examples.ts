import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (the nearest folder up with a package.json), whether this runs from source or from dist. */
function repositoryRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : repositoryRoot(dirname(from));
}
const FIXTURES = join(repositoryRoot(__dirname), 'libs', 'testing', 'fixtures', 'alertmanager');

/**
 * A webhook body that a real Alertmanager 0.25 sent (captured by
 * alertmanager.int-spec.ts into libs/testing/fixtures/alertmanager/), deep-copied:
 * one `HighErrorRate` alert for `checkout`, firing or resolved.
 */
export function alertmanagerExample(status: 'firing' | 'resolved'): Record<string, any> {
  return JSON.parse(readFileSync(join(FIXTURES, `${status}.json`), 'utf8'));
}
