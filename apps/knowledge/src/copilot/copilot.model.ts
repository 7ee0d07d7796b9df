import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Incident } from '../incidents/incident.model';

@ObjectType({ description: 'A past incident like this one, and why the copilot thinks so.' })
export class SimilarIncident {
  @Field(() => Incident)
  incident: Incident;

  @Field(() => Float, { description: '2 per shared service or alert name + full-text rank (≤ 1) + 0.5 with a published postmortem.' })
  score: number;

  @Field(() => String, { description: 'Shared services, shared alerts, matched terms, a published postmortem.' })
  reason: string;

  @Field(() => [String])
  sharedServices: string[];

  @Field(() => [String], { description: 'Names of alerts attached to both incidents.' })
  sharedAlertNames: string[];

  @Field(() => [String], { description: 'Stemmed terms both incidents share.' })
  matchedTerms: string[];

  @Field(() => Boolean)
  hasPublishedPostmortem: boolean;
}

@ObjectType({ description: 'An action item the postmortems of similar incidents had (near-duplicates merged).' })
export class SuggestedActionItem {
  @Field(() => String)
  description: string;

  @Field(() => Int, { description: 'Similar incidents whose postmortem had it.' })
  occurrences: number;

  @Field(() => [ID])
  fromIncidentIds: string[];

  @Field(() => [String])
  owners: string[];
}

