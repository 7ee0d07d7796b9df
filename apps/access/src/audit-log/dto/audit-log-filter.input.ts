import type { AuditOutcome } from '@companyos/contracts';
import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLAuditOutcome } from '../audit-event.enums';

@InputType()
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: "The principal's id (an API token's id, a JWT subject, `cli:<user>`)." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  principalId?: string;

  @Field(() => GraphQLAuditOutcome, { nullable: true })
  @IsOptional()
  @IsEnum(GraphQLAuditOutcome)
  outcome?: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'Part of the operation, any case (`createIncident`, `POST`).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  operation?: string;

  @Field(() => Date, { nullable: true, description: 'Records that occurred at or after this time.' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Records that occurred before this time.' })
  @IsOptional()
  @IsDate()
  to?: Date;
}
