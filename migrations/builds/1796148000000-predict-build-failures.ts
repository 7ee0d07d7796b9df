import { MigrationInterface, QueryRunner } from 'typeorm';

// Failure prediction (issue #15 part 8): changes reported with a run, a per-repository model, and an index to read a repository's history in completion order.
export class PredictBuildFailures1796148000000 implements MigrationInterface {
  name = 'PredictBuildFailures1796148000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "builds"."build_runs" ADD "changed_files" integer`);
    await queryRunner.query(`ALTER TABLE "builds"."build_runs" ADD "changed_lines" integer`);
    await queryRunner.query(`CREATE INDEX "build_runs_repository_completed" ON "builds"."build_runs"  ("repository", "completed_at") `);
    await queryRunner.query(
      `CREATE TABLE "builds"."failure_models" ("repository" text NOT NULL, "trained_at" TIMESTAMP WITH TIME ZONE NOT NULL, "served" boolean NOT NULL, "unavailable_because" text, "coefficients" jsonb, "threshold" double precision NOT NULL, "training_runs" integer NOT NULL, "evaluation_runs" integer NOT NULL, "evaluation_failures" integer NOT NULL, "precision" double precision, "recall" double precision, "f1" double precision, "auc" double precision, "baseline_precision" double precision, "baseline_recall" double precision, "baseline_f1" double precision, "baseline_auc" double precision, CONSTRAINT "PK_builds_failure_models" PRIMARY KEY ("repository"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "builds"."failure_models"`);
    await queryRunner.query(`DROP INDEX "builds"."build_runs_repository_completed"`);
    await queryRunner.query(`ALTER TABLE "builds"."build_runs" DROP COLUMN "changed_lines"`);
    await queryRunner.query(`ALTER TABLE "builds"."build_runs" DROP COLUMN "changed_files"`);
  }
}
