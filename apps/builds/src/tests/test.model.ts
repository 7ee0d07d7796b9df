import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TestState } from './flaky.rules';

registerEnumType(TestState, { name: 'TestState', description: 'HEALTHY, FLAKY (passes and fails on the same code) or BROKEN (fails consistently).' });

export enum TestOutcomeValue {
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  ERRORED = 'ERRORED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(TestOutcomeValue, { name: 'TestOutcome' });

@ObjectType({ description: 'A test of a repository; its identity is suite + classname + name.' })
export class TestCase {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  repository: string;

  @Field(() => String)
  suite: string;

  @Field(() => String)
  classname: string;

  @Field(() => String)
  name: string;
}

@ObjectType({ description: "A test's result in one of a run's uploads." })
export class TestResult {
  @Field(() => TestCase)
  test: TestCase;

  @Field(() => TestOutcomeValue)
  outcome: TestOutcomeValue;

  @Field(() => Float, { nullable: true })
  durationSeconds: number | null;

  @Field(() => Boolean, { description: 'Passed and failed within the upload (a retry), or a Surefire flakyFailure / flakyError.' })
  flaky: boolean;

  @Field(() => String, { nullable: true, description: 'The first failure or error message (1,000 characters at most).' })
  message: string | null;
}

@ObjectType({ description: 'One JUnit report as stored.' })
export class TestUpload {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  buildRunId: string;

  @Field(() => Int)
  total: number;

  @Field(() => Int)
  passed: number;

  @Field(() => Int)
  failed: number;

  @Field(() => Int)
  errored: number;

  @Field(() => Int)
  skipped: number;

  @Field(() => Boolean, { description: 'More than 80 % of at least 5 tests failed: treated as an infrastructure failure, not flakiness.' })
  infraFailure: boolean;

  @Field(() => Boolean, { description: 'The same report was uploaded for this run before; nothing new was stored.' })
  duplicate: boolean;
}

@ObjectType({ description: "A test's standing on the flaky-test radar over the window." })
export class FlakyTest {
  @Field(() => TestCase)
  test: TestCase;

  @Field(() => TestState)
  state: TestState;

  @Field(() => Float, { description: 'Pass↔fail changes between consecutive default-branch results ÷ those results.' })
  flipRate: number;

  @Field(() => Float, { description: 'Failed or errored ÷ results (skipped and infrastructure failures left out).' })
  failureRate: number;

  @Field(() => Int, { description: 'Results in the window (skipped and infrastructure failures left out).' })
  runs: number;

  @Field(() => Int, { description: 'Commits on which it both passed and failed (or was reported flaky).' })
  flakyCommits: number;

  @Field(() => Date, { nullable: true, description: 'Quarantined until then, when it is.' })
  quarantinedUntil: Date | null;
}

@ObjectType({ description: 'A test CI should skip or ignore until `until`.' })
export class Quarantine {
  @Field(() => TestCase)
  test: TestCase;

  @Field(() => String)
  owner: string;

  @Field(() => String)
  reason: string;

  @Field(() => Date)
  until: Date;

  @Field(() => String)
  quarantinedBy: string;
}
