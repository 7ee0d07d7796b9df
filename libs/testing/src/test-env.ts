/**
 * The test suite's own settings, read once from the environment (README, "Environment": the
 * rows used by "tests"). Every helper and test takes them from here.
 */
export const testEnv = {
  /** Where the suite's template and per-file databases live (TEST_DATABASE_SERVER). */
  databaseServer: process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432',
  /** The shared Redis the suite's queues live in, each under its own prefix (TEST_REDIS_URL). */
  redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** How long an app process may take to answer /health (TEST_APP_START_TIMEOUT_MS; a busy machine boots slowly). */
  appStartTimeoutMs: Number(process.env.TEST_APP_START_TIMEOUT_MS) || 60_000,
  /** Jest's per-test limit (JEST_TIMEOUT_MS): the waits carry their own deadlines, so it is generous. */
  jestTimeoutMs: Number(process.env.JEST_TIMEOUT_MS) || 120_000,
  /** Debian's Chromium (package `chromium`; CHROMIUM_PATH): playwright-core never downloads a browser. */
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
};
