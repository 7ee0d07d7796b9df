import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';
import { Alert } from '../alerts/alert.model';

/** The incidents subgraph's Incident, to which this subgraph adds runbook executions and suggestions. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Incident {
  @Field(() => ID)
  id: string;

  /** Owned by the incidents subgraph; read to suggest runbooks. */
  @Field(() => [String])
  @Directive('@external')
  affectedServices?: string[];

  @Field(() => Date)
  @Directive('@external')
  startedAt?: Date;

  /** Owned by the alerts subgraph; their names and runbook_url rank the suggestions. */
  @Field(() => [Alert])
  @Directive('@external')
  alerts?: Alert[];
}
