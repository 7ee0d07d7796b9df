import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsDate, IsString, IsUUID } from 'class-validator';

@ArgsType()
export class SilenceAlertArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => Date, { description: 'Until when the alert stays SILENCED; must be in the future.' })
  @IsDate()
  until: Date;
}

@ArgsType()
export class LinkAlertToIncidentArgs {
  @Field(() => ID)
  @IsString()
  alertId: string;

  @Field(() => ID)
  @IsUUID()
  incidentId: string;
}
