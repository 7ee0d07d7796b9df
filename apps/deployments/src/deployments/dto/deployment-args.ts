import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

@InputType()
export class RollbackDeploymentInput {
  @Field(() => String, { nullable: true, description: 'The version rolled back to; default: the last one that succeeded before it.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  version?: string;

  @Field(() => String, { nullable: true, description: 'Default: the caller.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  deployedBy?: string;
}

@ArgsType()
export class LinkIncidentToDeploymentArgs {
  @Field(() => ID)
  @IsUUID()
  incidentId: string;

  @Field(() => ID)
  @IsString()
  deploymentId: string;
}
