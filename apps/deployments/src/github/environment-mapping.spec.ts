import { DeploymentEnvironment } from '../deployments/deployment.enums';
import { DEFAULT_ENVIRONMENT_RULES, mapEnvironment, parseEnvironmentRules } from './environment-mapping';

const { DEVELOPMENT, STAGING, PRODUCTION } = DeploymentEnvironment;

describe('mapEnvironment', () => {
  it.each([
    ['production', PRODUCTION],
    ['Production', PRODUCTION],
    ['prod', PRODUCTION],
    ['prod-eu-west-1', PRODUCTION],
    ['k8s-prod', PRODUCTION],
    [' PROD ', PRODUCTION],
    ['staging', STAGING],
    ['Stage', STAGING],
    ['uat', STAGING],
    ['preprod', STAGING],
    ['pre-prod', STAGING],
    ['pre_production', STAGING],
    ['Preproduction', STAGING],
    ['nonprod', DEVELOPMENT],
    ['non-prod', DEVELOPMENT],
    ['dev', DEVELOPMENT],
    ['qa', DEVELOPMENT],
    ['review-app-42', DEVELOPMENT],
    ['github-pages', DEVELOPMENT],
    ['', DEVELOPMENT],
  ])('maps GitHub environment "%s" to %s by default', (name, environment) => {
    expect(mapEnvironment(name)).toBe(environment);
  });

  it('takes the first matching rule, so order decides', () => {
    const prodFirst = [
      { pattern: /prod/i, environment: PRODUCTION },
      { pattern: /preprod/i, environment: STAGING },
    ];
    expect(mapEnvironment('preprod', prodFirst)).toBe(PRODUCTION);
    expect(mapEnvironment('preprod', [...prodFirst].reverse())).toBe(STAGING);
  });

  it('is DEVELOPMENT when no rule matches, or there are none', () => {
    expect(mapEnvironment('production', [])).toBe(DEVELOPMENT);
    expect(mapEnvironment('live', [{ pattern: /prod/i, environment: PRODUCTION }])).toBe(DEVELOPMENT);
  });

  it('gives the same answer every time for a pattern with the g flag', () => {
    const rules = [{ pattern: /prod/gi, environment: PRODUCTION }];
    expect([1, 2, 3].map(() => mapEnvironment('production', rules))).toEqual([PRODUCTION, PRODUCTION, PRODUCTION]);
  });
});

describe('parseEnvironmentRules', () => {
  it('reads pattern=ENVIRONMENT entries in order, case-insensitively', () => {
    const rules = parseEnvironmentRules('prod=PRODUCTION, stag|uat=staging');
    expect(rules).toEqual([
      { pattern: /prod/i, environment: PRODUCTION },
      { pattern: /stag|uat/i, environment: STAGING },
    ]);
    expect(mapEnvironment('PROD-1', rules)).toBe(PRODUCTION);
    expect(mapEnvironment('UAT', rules)).toBe(STAGING);
    expect(mapEnvironment('test', rules)).toBe(DEVELOPMENT);
  });

  it('can write the default rules, and a catch-all last entry', () => {
    const text = 'non[-_ ]?prod=DEVELOPMENT,stag|uat|pre[-_ ]?prod=STAGING,prod=PRODUCTION';
    expect(parseEnvironmentRules(text)).toEqual(DEFAULT_ENVIRONMENT_RULES);
    expect(mapEnvironment('sandbox', parseEnvironmentRules('^live$=PRODUCTION,.=STAGING'))).toBe(STAGING);
  });

  it('keeps an "=" inside a pattern', () => {
    expect(parseEnvironmentRules('env=prod=PRODUCTION')).toEqual([{ pattern: /env=prod/i, environment: PRODUCTION }]);
  });

  it.each([
    ['', 'environment rules are empty: expected pattern=ENVIRONMENT entries, e.g. "prod=PRODUCTION,stag|uat=STAGING"'],
    ['  ,  ', 'environment rules are empty: expected pattern=ENVIRONMENT entries, e.g. "prod=PRODUCTION,stag|uat=STAGING"'],
    ['prod=PRODUCTION,,uat=STAGING', 'environment rule 2 ("") is empty: remove the extra ","'],
    ['prod', 'environment rule 1 ("prod") has no "=": expected pattern=ENVIRONMENT (a "," inside a pattern is not supported)'],
    ['a{1,2}=STAGING', 'environment rule 1 ("a{1") has no "=": expected pattern=ENVIRONMENT (a "," inside a pattern is not supported)'],
    ['=PRODUCTION', 'environment rule 1 ("=PRODUCTION") has no pattern before "="'],
    ['prod=PRODUCTION,uat=QA', 'environment rule 2 ("uat=QA") names an unknown environment "QA": expected one of DEVELOPMENT, STAGING, PRODUCTION'],
    ['prod=', 'environment rule 1 ("prod=") names an unknown environment "": expected one of DEVELOPMENT, STAGING, PRODUCTION'],
  ])('refuses %j with a message naming the entry', (text, message) => {
    expect(() => parseEnvironmentRules(text)).toThrow(message);
  });

  it('refuses an invalid regular expression, naming the entry', () => {
    expect(() => parseEnvironmentRules('prod=PRODUCTION,(stag=STAGING')).toThrow(
      /^environment rule 2 \("\(stag=STAGING"\) has an invalid pattern: Invalid regular expression/,
    );
  });
});
