/**
 * The secrets the repository itself hands out for local runs (scripts/up.sh,
 * docker-compose.yml, the README): anyone can read them, so an app started
 * with NODE_ENV=production refuses to boot while any variable still holds one.
 */
export const DEVELOPMENT_SECRETS: Readonly<Record<string, readonly string[]>> = {
  GITHUB_WEBHOOK_SECRET: ['dev-github-secret'],
  ALERTMANAGER_WEBHOOK_TOKEN: ['dev-alertmanager-token'],
  SUBGRAPH_SECRET: ['dev-subgraph-secret-not-for-production'],
};

/** docker-compose.yml's default Postgres password (POSTGRES_PASSWORD), which also ends up in its DATABASE_URL. */
export const DEVELOPMENT_DATABASE_PASSWORD = 'companyos';

/** One line per variable of `env` that holds a known development secret (none outside production). */
export function developmentSecretProblems(env: NodeJS.ProcessEnv, nodeEnv: string): string[] {
  if (nodeEnv !== 'production') return [];
  const problems = Object.entries(DEVELOPMENT_SECRETS)
    .filter(([name, values]) => values.includes(env[name] ?? ''))
    .map(([name]) => `  ${name}: holds the published development default ("${env[name]}"); set a secret of your own in production`);
  if (passwordOf(env.DATABASE_URL) === DEVELOPMENT_DATABASE_PASSWORD) {
    problems.push(`  DATABASE_URL: uses docker-compose's development password "${DEVELOPMENT_DATABASE_PASSWORD}"; set POSTGRES_PASSWORD / a password of your own in production`);
  }
  return problems;
}

const passwordOf = (url: string | undefined): string | null => {
  try {
    return url ? decodeURIComponent(new URL(url).password) : null;
  } catch {
    return null;
  }
};
