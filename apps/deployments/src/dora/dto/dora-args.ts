import { ArgsType, Field } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsString } from 'class-validator';
import { DeploymentEnvironment } from '../../deployments/deployment.enums';
import { DoraGranularity } from '../dora.model';

/** The period and cut of a DORA query; `serviceName` is absent on Service.dora. */
@ArgsType()
export class DoraPeriodArgs {
  @Field(() => DeploymentEnvironment, { defaultValue: DeploymentEnvironment.PRODUCTION })
  @IsEnum(DeploymentEnvironment)
  environment: DeploymentEnvironment = DeploymentEnvironment.PRODUCTION;

  @Field(() => Date, { nullable: true, description: 'A UTC midnight, inclusive. Default: 30 days before `to`.' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'A UTC midnight, exclusive. Default: the end of today (UTC).' })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field(() => DoraGranularity, { defaultValue: DoraGranularity.WEEK })
  @IsEnum(DoraGranularity)
  granularity: DoraGranularity = DoraGranularity.WEEK;
}

@ArgsType()
export class DoraMetricsArgs extends DoraPeriodArgs {
  @Field(() => String, { nullable: true, description: 'Default: every service.' })
  @IsOptional()
  @IsString()
  serviceName?: string;
}
