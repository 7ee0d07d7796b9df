import { Directive, Field, ObjectType } from '@nestjs/graphql';

/** The platform's join point: every subgraph adds its own fields to a service, keyed by name. */
@ObjectType()
@Directive('@key(fields: "name")')
export class Service {
  @Field(() => String)
  name: string;
}
