import { DeploymentEnvironment } from '../deployments/deployment.enums';

const ENVIRONMENTS = Object.values(DeploymentEnvironment);

/** A GitHub environment name matching `pattern` is `environment`. Rules are tried in order; the first match wins. */
export interface EnvironmentRule {
  readonly pattern: RegExp;
  readonly environment: DeploymentEnvironment;
}

/**
 * GitHub environment names as people use them. Order matters: "preprod",
 * "pre-production" and "nonprod" all contain "prod" and are not production, so
 * the rules for them come before the one for "prod". A name no rule matches
 * (`dev`, `qa`, `review-app-42`, `github-pages`) is DEVELOPMENT.
 */
export const DEFAULT_ENVIRONMENT_RULES: readonly EnvironmentRule[] = [
  { pattern: /non[-_ ]?prod/i, environment: DeploymentEnvironment.DEVELOPMENT },
  { pattern: /stag|uat|pre[-_ ]?prod/i, environment: DeploymentEnvironment.STAGING },
  { pattern: /prod/i, environment: DeploymentEnvironment.PRODUCTION },
];

/** What nothing matched maps to. */
export const FALLBACK_ENVIRONMENT = DeploymentEnvironment.DEVELOPMENT;

/** The environment of the first rule whose pattern matches `name`, else DEVELOPMENT. */
export function mapEnvironment(name: string, rules: readonly EnvironmentRule[] = DEFAULT_ENVIRONMENT_RULES): DeploymentEnvironment {
  const trimmed = name.trim();
  // `search` ignores a pattern's `g`/`y` state (`lastIndex`), which `test` would not.
  return rules.find((rule) => trimmed.search(rule.pattern) !== -1)?.environment ?? FALLBACK_ENVIRONMENT;
}

/**
 * Rules from a config string: comma-separated `pattern=ENVIRONMENT` entries,
 * tried in the order written, patterns case-insensitive regular expressions —
 * e.g. `nonprod=DEVELOPMENT,stag|uat|preprod=STAGING,prod=PRODUCTION`. A
 * catch-all last entry (`.=STAGING`) changes what unmatched names map to.
 * The split is on `,` and on the last `=` of an entry, so a pattern may hold
 * `=` but not `,` (write `{2}` rather than `{1,2}`). Throws an Error naming
 * the entry that is wrong.
 */
export function parseEnvironmentRules(text: string): EnvironmentRule[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) {
    throw new Error('environment rules are empty: expected pattern=ENVIRONMENT entries, e.g. "prod=PRODUCTION,stag|uat=STAGING"');
  }
  return entries.map((entry, index) => {
    const where = `environment rule ${index + 1} ("${entry}")`;
    if (entry === '') throw new Error(`${where} is empty: remove the extra ","`);
    const equals = entry.lastIndexOf('=');
    if (equals === -1) throw new Error(`${where} has no "=": expected pattern=ENVIRONMENT (a "," inside a pattern is not supported)`);
    const source = entry.slice(0, equals).trim();
    const name = entry.slice(equals + 1).trim().toUpperCase();
    if (source === '') throw new Error(`${where} has no pattern before "="`);
    if (!isEnvironment(name)) {
      throw new Error(`${where} names an unknown environment "${entry.slice(equals + 1).trim()}": expected one of ${ENVIRONMENTS.join(', ')}`);
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, 'i');
    } catch (error) {
      throw new Error(`${where} has an invalid pattern: ${(error as Error).message}`);
    }
    return { pattern, environment: name };
  });
}

const isEnvironment = (name: string): name is DeploymentEnvironment => (ENVIRONMENTS as string[]).includes(name);
