import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Runbook } from '../runbooks/runbook.model';
import { MatchKind, MIN_RUNS_FOR_RATE } from './suggestion.rules';

registerEnumType(MatchKind, {
  name: 'RunbookMatch',
  description: "Why a runbook is suggested, strongest first: the alert's runbook_url names it, it lists the alert's name, it lists the service.",
});

@ObjectType({ description: 'A runbook suggested for an alert, incident or service, and why.' })
export class RunbookSuggestion {
  @Field(() => Runbook)
  runbook: Runbook;

  @Field(() => MatchKind)
  match: MatchKind;

  @Field(() => String, { description: 'E.g. "handles HighLatency; 9 of 10 runs succeeded".' })
  reason: string;

  @Field(() => Float, { nullable: true, description: `Success rate on the matched alert name or service; null below ${MIN_RUNS_FOR_RATE} finished runs.` })
  successRate: number | null;

  @Field(() => Int, { description: 'Finished runs on the matched alert name or service.' })
  runs: number;
}
