import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IncidentSeverity } from '../incident.enums';

@InputType()
export class CreateIncidentInput {
  @Field(() => String)
  @IsString()
  @Length(1, 300)
  title: string;

  @Field(() => IncidentSeverity)
  @IsEnum(IncidentSeverity)
  severity: IncidentSeverity;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  affectedServices?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  commander?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  customerImpact?: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  impactDescription?: string;

  @Field({ nullable: true, description: 'When the impact began; defaults to now.' })
  @IsOptional()
  @IsDate()
  startedAt?: Date;
}
