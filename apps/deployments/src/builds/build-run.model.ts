import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** The builds subgraph's BuildRun; this subgraph adds the deployments it produced. */
@ObjectType()
@Directive('@key(fields: "id")')
export class BuildRun {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  @Directive('@external')
  repository: string;

  @Field(() => String)
  @Directive('@external')
  commitSha: string;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  url: string | null;
}
