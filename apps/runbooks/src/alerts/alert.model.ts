import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** The alerts subgraph's Alert, to which this subgraph adds suggested runbooks. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Alert {
  @Field(() => ID)
  id: string;

  /** Owned by the alerts subgraph; read to suggest runbooks. */
  @Field(() => String)
  @Directive('@external')
  alertName?: string;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  service?: string | null;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  runbookUrl?: string | null;
}
