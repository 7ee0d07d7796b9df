import type { AccessRole } from '@companyos/contracts';
import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, Matches, Max, Min } from 'class-validator';
import { GraphQLAccessRole } from '../../principals/principal.enums';
import { API_TOKEN_EXPIRY_DAYS, API_TOKEN_NAME_PATTERN, API_TOKEN_NAME_RULE } from '../api-token.rules';

@InputType()
export class CreateApiTokenInput {
  @Field(() => String, { description: '1–100 letters, digits, spaces or _ . - @ : /; requests act as `token:<name>`.' })
  @Matches(API_TOKEN_NAME_PATTERN, { message: API_TOKEN_NAME_RULE })
  name: string;

  @Field(() => GraphQLAccessRole)
  @IsEnum(GraphQLAccessRole)
  role: AccessRole;

  @Field(() => Int, { defaultValue: API_TOKEN_EXPIRY_DAYS.default, description: 'Days until it expires (1–730).' })
  @IsInt()
  @Min(API_TOKEN_EXPIRY_DAYS.min)
  @Max(API_TOKEN_EXPIRY_DAYS.max)
  expiresInDays: number = API_TOKEN_EXPIRY_DAYS.default;
}
