import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "One feature's part in a prediction." })
export class RiskFactor {
  @Field(() => String, {
    description: 'previousOutcomeFailed, changedFiles, changedLines, authorFailureRate, hoursSinceLastGreen or recentFlakyRate.',
  })
  name: string;

  @Field(() => Float, { description: "Its contribution to the log-odds of failure (weight × standardised value): above 0 raises the risk, below 0 lowers it; 0 when unknown." })
  weight: number;

  @Field(() => Float, { nullable: true, description: 'The feature value read for this run (changes and hours as log(1 + x)); null when unknown.' })
  value: number | null;
}

@ObjectType({ description: "A repository's failure model as last trained, and how it and the last-outcome baseline did on the newest runs (a time-ordered split)." })
export class FailureModel {
  @Field(() => Date)
  trainedAt: Date;

  @Field(() => Float, { nullable: true, description: "Failing-class precision on the evaluation runs; null when no model could be trained." })
  precision: number | null;

  @Field(() => Float, { nullable: true, description: 'Failing-class recall on the evaluation runs.' })
  recall: number | null;

  @Field(() => Float, { nullable: true, description: 'Failing-class F1 on the evaluation runs.' })
  f1: number | null;

  @Field(() => Float, { nullable: true, description: 'ROC AUC of the probabilities on the evaluation runs.' })
  auc: number | null;

  @Field(() => Float, { nullable: true, description: 'F1 of the baseline "same outcome as the last run of this workflow and branch" on the same runs.' })
  baselineF1: number | null;

  @Field(() => Float, { nullable: true })
  baselinePrecision: number | null;

  @Field(() => Float, { nullable: true })
  baselineRecall: number | null;

  @Field(() => Int, { description: 'Runs (the oldest 70 %) it was trained on.' })
  trainingRuns: number;

  @Field(() => Int, { description: 'Runs (the newest 30 %) it and the baseline were evaluated on.' })
  evaluationRuns: number;

  @Field(() => Float, { description: 'The probability from which a run is predicted to fail (best F1 on the training runs).' })
  threshold: number;

  @Field(() => Boolean, { description: 'Whether it is served: only when its F1 beats the baseline F1.' })
  served: boolean;
}

@ObjectType({ description: 'How likely a started run is to fail, explained; or why no prediction is given.' })
export class FailureRisk {
  @Field(() => Float, { nullable: true, description: 'Probability of failure; null when unavailable.' })
  probability: number | null;

  @Field(() => Boolean, { nullable: true, description: "probability ≥ the model's threshold." })
  likelyToFail: boolean | null;

  @Field(() => [RiskFactor], { description: 'Largest contribution first; empty when unavailable.' })
  factors: RiskFactor[];

  @Field(() => FailureModel, { nullable: true, description: 'The model (also when it is not served, to show how it compared); null when none was trained.' })
  model: FailureModel | null;

  @Field(() => String, { nullable: true, description: 'Why there is no prediction (the run has not started, too little history, the model does not beat the baseline, …); null when there is one.' })
  unavailableBecause: string | null;
}
