import type { AccessRole } from '@companyos/contracts';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLAccessRole } from './principal.enums';

@ObjectType({ description: 'Who a request acts as: a person, an API token or a service.' })
export class Principal {
  @Field(() => ID, { description: "The API token's id, the person's subject, or the service's name." })
  id: string;

  @Field(() => String, { description: 'Shown in timelines and the audit log: `token:<name>`, a user name or e-mail, `service:<app>`.' })
  name: string;

  @Field(() => GraphQLAccessRole)
  role: AccessRole;
}
