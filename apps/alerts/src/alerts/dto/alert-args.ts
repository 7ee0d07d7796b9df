import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsDate, IsUUID } from 'class-validator';

@ArgsType()
export class SilenceAlertArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Date, { description: 'Until when the alert stays SILENCED; must be in the future.' })
  @IsDate()
  until: Date;
}

@ArgsType()
export class LinkAlertToIncidentArgs {
  @Field(() => ID)
  alertId: string;

  @Field(() => ID)
  @IsUUID()
  incidentId: string;
}
