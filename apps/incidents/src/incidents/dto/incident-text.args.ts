import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';

@ArgsType()
export class AddIncidentNoteArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => String)
  @IsString()
  @Length(1, 10_000)
  note: string;
}

@ArgsType()
export class AssignCommanderArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field({ description: 'Who leads the response (email or handle).' })
  @IsString()
  @Length(1, 200)
  commander: string;
}
