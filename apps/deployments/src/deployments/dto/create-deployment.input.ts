import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { DeploymentEnvironment, DeploymentStatus } from '../deployment.enums';

/** The seed's CI/CD body: `{ serviceName, version, environment, deployedBy, commitSha, githubRunUrl }`. */
@InputType()
export class CreateDeploymentInput {
  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  serviceName: string;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  version: string;

  @Field(() => DeploymentEnvironment)
  @IsEnum(DeploymentEnvironment)
  environment: DeploymentEnvironment;

  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  deployedBy: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  commitSha?: string;

  @Field(() => Date, { nullable: true, description: 'When the deployed commit was made; needed for lead time.' })
  @IsOptional()
  @IsDate()
  commitTimestamp?: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false })
  githubRunUrl?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false })
  releaseUrl?: string;

  @Field(() => Date, { nullable: true, description: 'Default: now.' })
  @IsOptional()
  @IsDate()
  startedAt?: Date;

  @Field(() => DeploymentStatus, {
    nullable: true,
    description: 'Default IN_PROGRESS; PENDING for one not started yet, or SUCCEEDED / FAILED to report one that already finished.',
  })
  @IsOptional()
  @IsEnum(DeploymentStatus)
  status?: DeploymentStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Makes a retried create a no-op: a second create with the same key returns the first deployment.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  idempotencyKey?: string;
}
