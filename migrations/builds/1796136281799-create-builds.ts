import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateBuilds1796136281799 implements MigrationInterface {
    name = 'CreateBuilds1796136281799'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "builds"."build_runs" ("id" BIGSERIAL NOT NULL, "source" text NOT NULL, "repository" text NOT NULL, "workflow" text, "external_id" text NOT NULL, "attempt" integer NOT NULL, "run_number" integer, "event" text, "branch" text, "commit_sha" text NOT NULL, "default_branch" text, "actor" text, "status" text NOT NULL, "conclusion" text, "created_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "url" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_19fc7ed1933454e2ddf20cfbf52" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "build_runs_commit" ON "builds"."build_runs"  ("commit_sha") `);
        await queryRunner.query(`CREATE INDEX "build_runs_repository_workflow_branch" ON "builds"."build_runs"  ("repository", "workflow", "branch", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "build_runs_source_run_attempt" ON "builds"."build_runs"  ("source", "repository", "external_id", "attempt") `);
        await queryRunner.query(`CREATE TABLE "builds"."artifacts" ("id" BIGSERIAL NOT NULL, "run_id" bigint NOT NULL, "name" text NOT NULL, "size_bytes" bigint, "url" text, "checksum" text, CONSTRAINT "PK_6516bbed3c129918e05c5012edb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "artifacts_run_name" ON "builds"."artifacts"  ("run_id", "name") `);
        await queryRunner.query(`CREATE TABLE "builds"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "check_count" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "builds_outbox_unconfirmed" ON "builds"."outbox"  ("next_check_at") WHERE "published_at" IS NOT NULL AND "confirmed_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "builds_outbox_unpublished" ON "builds"."outbox"  ("seq") WHERE "published_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "builds"."processed_messages" ("message_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e357ddfac536c6c9708130ec3bc" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "builds"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "builds_dead_letters_queue_job" ON "builds"."dead_letters"  ("queue", "job_id") `);
        await queryRunner.query(`CREATE TABLE "builds"."stages" ("id" BIGSERIAL NOT NULL, "run_id" bigint NOT NULL, "external_id" text NOT NULL, "name" text NOT NULL, "group_name" text NOT NULL, "status" text NOT NULL, "conclusion" text, "runner_name" text, "runner_labels" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "url" text, CONSTRAINT "PK_16efa0f8f5386328944769b9e6d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "stages_run_job" ON "builds"."stages"  ("run_id", "external_id") `);
        await queryRunner.query(`CREATE TABLE "builds"."tasks" ("id" BIGSERIAL NOT NULL, "stage_id" bigint NOT NULL, "number" integer NOT NULL, "name" text NOT NULL, "status" text NOT NULL, "conclusion" text, "started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "tasks_stage_number" ON "builds"."tasks"  ("stage_id", "number") `);
        await queryRunner.query(`CREATE TABLE "builds"."tests" ("id" BIGSERIAL NOT NULL, "repository" text NOT NULL, "suite" text NOT NULL, "classname" text NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_4301ca51edf839623386860aed2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "tests_identity" ON "builds"."tests"  ("repository", "suite", "classname", "name") `);
        await queryRunner.query(`CREATE TABLE "builds"."quarantines" ("test_id" bigint NOT NULL, "owner" text NOT NULL, "reason" text NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "quarantined_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0921a752c5c29c1a0f67c0a4d5d" PRIMARY KEY ("test_id"))`);
        await queryRunner.query(`CREATE TABLE "builds"."test_uploads" ("id" BIGSERIAL NOT NULL, "run_id" bigint NOT NULL, "sha256" text NOT NULL, "total" integer NOT NULL, "passed" integer NOT NULL, "failed" integer NOT NULL, "errored" integer NOT NULL, "skipped" integer NOT NULL, "infra_failure" boolean NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_068a19dd1b930cda10c2168fec1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "test_uploads_run_sha256" ON "builds"."test_uploads"  ("run_id", "sha256") `);
        await queryRunner.query(`CREATE TABLE "builds"."test_results" ("id" BIGSERIAL NOT NULL, "upload_id" bigint NOT NULL, "test_id" bigint NOT NULL, "run_id" bigint NOT NULL, "commit_sha" text NOT NULL, "on_default_branch" boolean NOT NULL, "outcome" text NOT NULL, "duration_seconds" double precision, "flaky" boolean NOT NULL, "infra_failure" boolean NOT NULL, "message" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6af5df01fcd3971b362fc828296" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "test_results_run" ON "builds"."test_results"  ("run_id") `);
        await queryRunner.query(`CREATE INDEX "test_results_test_time" ON "builds"."test_results"  ("test_id", "recorded_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "test_results_upload_test" ON "builds"."test_results"  ("upload_id", "test_id") `);
        await queryRunner.query(`ALTER TABLE "builds"."artifacts" ADD CONSTRAINT "FK_3468f92022f7d5254bf3240954c" FOREIGN KEY ("run_id") REFERENCES "builds"."build_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "builds"."stages" ADD CONSTRAINT "FK_2ce85b97d05452d0385fe8f2036" FOREIGN KEY ("run_id") REFERENCES "builds"."build_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "builds"."tasks" ADD CONSTRAINT "FK_17f963c78faafb63f7992ce0240" FOREIGN KEY ("stage_id") REFERENCES "builds"."stages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "builds"."quarantines" ADD CONSTRAINT "FK_0921a752c5c29c1a0f67c0a4d5d" FOREIGN KEY ("test_id") REFERENCES "builds"."tests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "builds"."test_uploads" ADD CONSTRAINT "FK_c79bd51f6bb9af2b18b91b13978" FOREIGN KEY ("run_id") REFERENCES "builds"."build_runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "builds"."test_results" ADD CONSTRAINT "FK_160e91a751ad9c8fccb33a20126" FOREIGN KEY ("upload_id") REFERENCES "builds"."test_uploads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "builds"."test_results" ADD CONSTRAINT "FK_4ca356b2afba3190c68edc8dc99" FOREIGN KEY ("test_id") REFERENCES "builds"."tests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "builds"."test_results" DROP CONSTRAINT "FK_4ca356b2afba3190c68edc8dc99"`);
        await queryRunner.query(`ALTER TABLE "builds"."test_results" DROP CONSTRAINT "FK_160e91a751ad9c8fccb33a20126"`);
        await queryRunner.query(`ALTER TABLE "builds"."test_uploads" DROP CONSTRAINT "FK_c79bd51f6bb9af2b18b91b13978"`);
        await queryRunner.query(`ALTER TABLE "builds"."quarantines" DROP CONSTRAINT "FK_0921a752c5c29c1a0f67c0a4d5d"`);
        await queryRunner.query(`ALTER TABLE "builds"."tasks" DROP CONSTRAINT "FK_17f963c78faafb63f7992ce0240"`);
        await queryRunner.query(`ALTER TABLE "builds"."stages" DROP CONSTRAINT "FK_2ce85b97d05452d0385fe8f2036"`);
        await queryRunner.query(`ALTER TABLE "builds"."artifacts" DROP CONSTRAINT "FK_3468f92022f7d5254bf3240954c"`);
        await queryRunner.query(`DROP INDEX "builds"."test_results_upload_test"`);
        await queryRunner.query(`DROP INDEX "builds"."test_results_test_time"`);
        await queryRunner.query(`DROP INDEX "builds"."test_results_run"`);
        await queryRunner.query(`DROP TABLE "builds"."test_results"`);
        await queryRunner.query(`DROP INDEX "builds"."test_uploads_run_sha256"`);
        await queryRunner.query(`DROP TABLE "builds"."test_uploads"`);
        await queryRunner.query(`DROP TABLE "builds"."quarantines"`);
        await queryRunner.query(`DROP INDEX "builds"."tests_identity"`);
        await queryRunner.query(`DROP TABLE "builds"."tests"`);
        await queryRunner.query(`DROP INDEX "builds"."tasks_stage_number"`);
        await queryRunner.query(`DROP TABLE "builds"."tasks"`);
        await queryRunner.query(`DROP INDEX "builds"."stages_run_job"`);
        await queryRunner.query(`DROP TABLE "builds"."stages"`);
        await queryRunner.query(`DROP INDEX "builds"."builds_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "builds"."dead_letters"`);
        await queryRunner.query(`DROP TABLE "builds"."processed_messages"`);
        await queryRunner.query(`DROP INDEX "builds"."builds_outbox_unpublished"`);
        await queryRunner.query(`DROP INDEX "builds"."builds_outbox_unconfirmed"`);
        await queryRunner.query(`DROP TABLE "builds"."outbox"`);
        await queryRunner.query(`DROP INDEX "builds"."artifacts_run_name"`);
        await queryRunner.query(`DROP TABLE "builds"."artifacts"`);
        await queryRunner.query(`DROP INDEX "builds"."build_runs_source_run_attempt"`);
        await queryRunner.query(`DROP INDEX "builds"."build_runs_repository_workflow_branch"`);
        await queryRunner.query(`DROP INDEX "builds"."build_runs_commit"`);
        await queryRunner.query(`DROP TABLE "builds"."build_runs"`);
    }

}
