import { registerEnumType } from '@nestjs/graphql';

/** Where a deployment went, in CompanyOS terms. */
export const DeploymentEnvironment = {
  DEVELOPMENT: 'DEVELOPMENT',
  STAGING: 'STAGING',
  PRODUCTION: 'PRODUCTION',
} as const;
export type DeploymentEnvironment = (typeof DeploymentEnvironment)[keyof typeof DeploymentEnvironment];

/** How a deployment went. SUCCEEDED, FAILED and ROLLED_BACK are final (terminal). */
export const DeploymentStatus = {
  PENDING: 'PENDING',
  IN_PROGRESS: 'IN_PROGRESS',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  ROLLED_BACK: 'ROLLED_BACK',
} as const;
export type DeploymentStatus = (typeof DeploymentStatus)[keyof typeof DeploymentStatus];

/** Who reported the deployment: CI/CD or a person through the API, or GitHub's webhooks. */
export const DeploymentSource = {
  API: 'API',
  GITHUB: 'GITHUB',
} as const;
export type DeploymentSource = (typeof DeploymentSource)[keyof typeof DeploymentSource];

/**
 * What reported a deployment: a GitHub deployment (and its statuses), an
 * Actions workflow run, or a call to the API. One deployment may have several
 * (one change reported by each), see deployment-merge.rules.ts.
 */
export const DeploymentSourceKind = {
  GITHUB_DEPLOYMENT: 'GITHUB_DEPLOYMENT',
  WORKFLOW_RUN: 'WORKFLOW_RUN',
  API: 'API',
} as const;
export type DeploymentSourceKind = (typeof DeploymentSourceKind)[keyof typeof DeploymentSourceKind];

const TERMINAL: ReadonlySet<DeploymentStatus> = new Set([DeploymentStatus.SUCCEEDED, DeploymentStatus.FAILED, DeploymentStatus.ROLLED_BACK]);

export const isTerminalStatus = (status: DeploymentStatus): boolean => TERMINAL.has(status);

registerEnumType(DeploymentEnvironment, {
  name: 'DeploymentEnvironment',
  description: 'GitHub environment names map onto these (anything matching "prod" is PRODUCTION; configurable).',
});
registerEnumType(DeploymentStatus, { name: 'DeploymentStatus', description: 'SUCCEEDED, FAILED and ROLLED_BACK are final.' });
registerEnumType(DeploymentSource, { name: 'DeploymentSource' });
registerEnumType(DeploymentSourceKind, { name: 'DeploymentSourceKind', description: 'What reported a deployment: a GitHub deployment, an Actions workflow run, or the API.' });
