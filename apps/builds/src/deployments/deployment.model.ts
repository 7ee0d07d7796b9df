import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** The deployments subgraph's Deployment; this subgraph adds the build run of its commit. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Deployment {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  repository: string | null;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  commitSha: string | null;

  @Field(() => String, { nullable: true })
  @Directive('@external')
  githubRunUrl: string | null;
}
