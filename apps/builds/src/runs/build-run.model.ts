import { ConnectionType } from '@companyos/platform';
import { Directive, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

const STATUS = 'As the CI says it: `requested`, `pending`, `queued`, `waiting`, `in_progress` or `completed`.';
const CONCLUSION =
  'As GitHub says it, once completed: `success`, `failure`, `cancelled`, `timed_out`, `skipped`, `neutral`, `action_required`, `startup_failure` or `stale` (a cancelled run is not a failed one).';

@ObjectType({ description: 'One step of a stage.' })
export class Task {
  @Field(() => Int)
  number: number;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: STATUS })
  status: string;

  @Field(() => String, { nullable: true, description: CONCLUSION })
  conclusion: string | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'completedAt − startedAt, never negative.' })
  durationSeconds: number | null;
}

@ObjectType({ description: 'One job of a run; the legs of a matrix job share its group.' })
export class Stage {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'The job name as the CI shows it, e.g. `test (ubuntu-latest, 20)`.' })
  name: string;

  @Field(() => String, { description: 'The job a matrix leg belongs to (`test`); the name itself for other jobs.' })
  group: string;

  @Field(() => String, { description: STATUS })
  status: string;

  @Field(() => String, { nullable: true, description: CONCLUSION })
  conclusion: string | null;

  @Field(() => String, { nullable: true })
  runnerName: string | null;

  @Field(() => [String])
  runnerLabels: string[];

  @Field(() => Date, { nullable: true })
  createdAt: Date | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'Waiting for a runner: startedAt − createdAt, never negative.' })
  queuedSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'completedAt − startedAt, never negative.' })
  durationSeconds: number | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  runId: string;
}

@ObjectType({ description: 'A file a run produced, as its CI reported it.' })
export class Artifact {
  @Field(() => String)
  name: string;

  @Field(() => Float, { nullable: true, description: 'Size in bytes.' })
  sizeBytes: number | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true, description: 'As reported, e.g. `sha256:…`.' })
  checksum: string | null;
}

@ObjectType({ description: 'One attempt of a CI pipeline run (a GitHub Actions workflow run attempt, or a run another CI reported).' })
@Directive('@key(fields: "id")')
export class BuildRun {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: '`github` (Actions webhooks) or `api` (reported over REST).' })
  source: string;

  @Field(() => String, { description: '`owner/name`.' })
  repository: string;

  @Field(() => String, { nullable: true, description: "The workflow's name; null until known (a job can arrive before its run)." })
  workflow: string | null;

  @Field(() => String, { description: "The CI's own run id (GitHub's workflow run id)." })
  runId: string;

  @Field(() => Int)
  attempt: number;

  @Field(() => Int, { nullable: true })
  runNumber: number | null;

  @Field(() => String, { nullable: true, description: 'What triggered it (`push`, `pull_request`, …).' })
  event: string | null;

  @Field(() => String, { nullable: true })
  branch: string | null;

  @Field(() => String)
  commitSha: string;

  @Field(() => String, { nullable: true })
  actor: string | null;

  @Field(() => String, { description: STATUS })
  status: string;

  @Field(() => String, { nullable: true, description: CONCLUSION })
  conclusion: string | null;

  @Field(() => Date, { nullable: true })
  createdAt: Date | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'startedAt − createdAt, never negative.' })
  queuedSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'completedAt − startedAt, never negative.' })
  durationSeconds: number | null;

  @Field(() => String, { nullable: true })
  url: string | null;
}

export const BuildRunConnection = ConnectionType(BuildRun, 'BuildRun');
