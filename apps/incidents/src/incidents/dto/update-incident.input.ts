import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IncidentSeverity, IncidentStatus } from '../incident.enums';

@InputType({ description: 'Only the fields given change.' })
export class UpdateIncidentInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  @Field(() => IncidentSeverity, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentSeverity)
  severity?: IncidentSeverity;

  @Field(() => IncidentStatus, {
    nullable: true,
    description: 'INVESTIGATING, IDENTIFIED or MONITORING; use resolveIncident / reopenIncident for the rest.',
  })
  @IsOptional()
  @IsEnum(IncidentStatus)
  status?: IncidentStatus;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  affectedServices?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  customerImpact?: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  impactDescription?: string;
}
