import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString, IsUUID } from 'class-validator';
import { AlertSeverity, AlertStatus } from '../alert.enums';

@InputType()
export class AlertsFilter {
  @Field(() => [AlertStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AlertStatus, { each: true })
  status?: AlertStatus[];

  @Field(() => [AlertSeverity], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(AlertSeverity, { each: true })
  severity?: AlertSeverity[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  service?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  alertName?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  incidentId?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: firing now (FIRING, or SILENCED past its silence); false: everything else.' })
  @IsOptional()
  @IsBoolean()
  firing?: boolean;
}
