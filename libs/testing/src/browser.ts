import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { testEnv } from './test-env';

/** Debian's Chromium (package `chromium`); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = testEnv.chromiumPath;

/**
 * Headless Chromium for the browser tests. The flags keep it from reaching for the network on
 * its own (this machine's network is closed; background requests would be refused many at a time).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where a browser test writes its screenshots: test/artifacts/ (ignored by git). */
export function artifactPath(name: string): string {
  const dir = resolve(__dirname, '../../../test/artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
