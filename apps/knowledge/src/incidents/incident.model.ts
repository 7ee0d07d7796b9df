import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** The incidents subgraph's Incident, to which this subgraph adds `postmortem`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Incident {
  @Field(() => ID)
  id: string;
}
