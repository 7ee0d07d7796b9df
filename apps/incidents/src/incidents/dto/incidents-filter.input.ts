import { Field, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString } from 'class-validator';
import { IncidentSeverity, IncidentSource, IncidentStatus } from '../incident.enums';

@InputType()
export class IncidentsFilter {
  @Field(() => [IncidentStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(IncidentStatus, { each: true })
  status?: IncidentStatus[];

  @Field(() => [IncidentSeverity], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(IncidentSeverity, { each: true })
  severity?: IncidentSeverity[];

  @Field(() => String, { nullable: true, description: 'Incidents affecting this service.' })
  @IsOptional()
  @IsString()
  service?: string;

  @Field({ nullable: true, description: 'true: not resolved; false: resolved.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @Field(() => IncidentSource, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentSource)
  source?: IncidentSource;
}
