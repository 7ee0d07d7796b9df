import type { AccessRole } from '@companyos/contracts';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLAccessRole } from '../principals/principal.enums';

@ObjectType({ description: 'An API token (never the token itself: it is shown once, by createApiToken).' })
export class ApiToken {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'Requests made with it act as `token:<name>`.' })
  name: string;

  @Field(() => GraphQLAccessRole)
  role: AccessRole;

  @Field(() => String, { description: 'The first 12 characters of the token, to tell tokens apart.' })
  tokenPrefix: string;

  @Field(() => String)
  createdBy: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  expiresAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true })
  revokedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was last accepted, to within a minute.' })
  lastUsedAt: Date | null;
}

@ObjectType({ description: 'A new API token: `token` is shown this once and cannot be read again.' })
export class CreatedApiToken {
  @Field(() => String, { description: 'The secret (`cos_…`): send it as `Authorization: Bearer <token>`.' })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}
