import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "What the test reports of a commit's build runs say (the release gate's test input). Infrastructure-failure uploads and skipped results are left out." })
export class CommitTests {
  @Field(() => String)
  commitSha: string;

  @Field(() => Int, { description: 'Build runs of the commit known here (0: nothing is known of it).' })
  runs: number;

  @Field(() => Int, { description: 'Tests with a passed or failed result on the commit (0 with runs: no report was uploaded).' })
  testsReported: number;

  @Field(() => Int, { description: 'Tests that failed or errored on the commit and never passed on it.' })
  failingTests: number;

  @Field(() => Int, { description: 'Tests that both passed and failed on the commit, or that a report flagged flaky.' })
  flakyTests: number;

  @Field(() => [String], { description: 'Up to 10 failing tests, as `suite › classname › name`.' })
  failingExamples: string[];
}
