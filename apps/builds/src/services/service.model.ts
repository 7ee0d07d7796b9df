import { Directive, Field, ObjectType } from '@nestjs/graphql';

/** The platform's join point; this subgraph adds build health. */
@ObjectType()
@Directive('@key(fields: "name")')
export class Service {
  @Field(() => String)
  name: string;
}
