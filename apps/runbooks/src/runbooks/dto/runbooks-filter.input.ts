import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

@InputType()
export class RunbooksFilter {
  @Field(() => String, { nullable: true, description: 'Runbooks listing this service.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  service?: string;

  @Field(() => String, { nullable: true, description: 'Runbooks handling this alert name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  alertName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  category?: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Include retired runbooks (default: only active ones).' })
  @IsOptional()
  @IsBoolean()
  includeRetired?: boolean;
}
