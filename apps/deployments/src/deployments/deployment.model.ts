import { ConnectionType } from '@companyos/platform';
import { Directive, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DeploymentEnvironment, DeploymentSource, DeploymentSourceKind, DeploymentStatus } from './deployment.enums';

@ObjectType({ description: 'One report of a deployment: one change reported by a GitHub deployment, its workflow run and the API is one deployment with three.' })
export class DeploymentSourceReport {
  @Field(() => DeploymentSourceKind)
  kind: DeploymentSourceKind;

  @Field(() => String, { nullable: true, description: 'The GitHub deployment id, the workflow run id, or the API idempotency key.' })
  reference: string | null;

  @Field(() => String, { nullable: true, description: 'Where to see it (the run’s page, the deployment’s log).' })
  url: string | null;

  @Field(() => Date)
  reportedAt: Date;
}

@ObjectType({ description: 'One deployment of a service version to an environment.' })
// An entity so the builds subgraph can add Deployment.buildRun (from repository and commitSha).
@Directive('@key(fields: "id")')
export class Deployment {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  serviceName: string;

  @Field(() => String)
  version: string;

  @Field(() => DeploymentEnvironment)
  environment: DeploymentEnvironment;

  @Field(() => DeploymentStatus)
  status: DeploymentStatus;

  @Field(() => String)
  deployedBy: string;

  @Field(() => String, { nullable: true })
  commitSha: string | null;

  @Field(() => Date, { nullable: true, description: 'When the deployed commit was made.' })
  commitTimestamp: Date | null;

  @Field(() => String, { nullable: true })
  githubRunUrl: string | null;

  @Field(() => String, { nullable: true })
  releaseUrl: string | null;

  @Field(() => Date)
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it succeeded or failed; kept when a success is later rolled back.' })
  finishedAt: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'finishedAt − commitTimestamp in seconds, for a finished deployment with a commit time (null when negative: clock skew).',
  })
  leadTimeSeconds: number | null;

  /** Resolved to the deployment rolled back. */
  rollbackOfId: string | null;

  @Field(() => DeploymentSource)
  source: DeploymentSource;

  @Field(() => String, { nullable: true, description: 'GitHub `owner/name`, for deployments GitHub reported.' })
  repository: string | null;

  @Field(() => String, { nullable: true, description: 'Branch, tag or sha deployed (GitHub).' })
  ref: string | null;

  @Field(() => String, { nullable: true, description: "GitHub's own environment name." })
  githubEnvironment: string | null;

  @Field(() => String, { nullable: true, description: "GitHub's last state or conclusion (`success`, `cancelled`)." })
  githubState: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

@ObjectType()
export class DeploymentConnection extends ConnectionType(Deployment, 'Deployment') {}

@ObjectType({ description: 'Counts of deployments by status over a period (by when they started).' })
export class DeploymentStats {
  @Field(() => Int)
  total: number;

  @Field(() => Int)
  pending: number;

  @Field(() => Int)
  inProgress: number;

  @Field(() => Int)
  succeeded: number;

  @Field(() => Int)
  failed: number;

  @Field(() => Int)
  rolledBack: number;

  @Field(() => Float, { nullable: true, description: 'succeeded ÷ (succeeded + failed + rolled back); null when none finished.' })
  successRate: number | null;

  @Field(() => Float, { description: 'Deployments started per day of the period.' })
  perDay: number;

  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}
