import { Directive, Field, ObjectType } from '@nestjs/graphql';

/** The platform's join point; this subgraph adds firing alerts and error budget. */
@ObjectType()
@Directive('@key(fields: "name")')
export class Service {
  @Field(() => String)
  name: string;
}
