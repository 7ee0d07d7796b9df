import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateRunbooks1796133745890 implements MigrationInterface {
    name = 'CreateRunbooks1796133745890'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "runbooks"."execution_trigger_source" AS ENUM('INCIDENT', 'ALERT', 'MANUAL')`);
        await queryRunner.query(`CREATE TYPE "runbooks"."execution_status" AS ENUM('IN_PROGRESS', 'COMPLETED', 'ABORTED', 'FAILED')`);
        await queryRunner.query(`CREATE TABLE "runbooks"."executions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "runbook_id" uuid NOT NULL, "snapshot" jsonb NOT NULL, "incident_id" uuid, "triggered_by" text NOT NULL, "trigger_source" "runbooks"."execution_trigger_source" NOT NULL, "alert_id" uuid, "alert_name" text, "services" text array NOT NULL, "status" "runbooks"."execution_status" NOT NULL, "steps_completed" integer NOT NULL, "steps_total" integer NOT NULL, "current_step" text, "notes" text, "step_completed_at" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "finished_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a090962734bdeb32af6696c51dc" UNIQUE ("seq"), CONSTRAINT "PK_703e64e0ef651986191844b7b8b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "executions_by_incident" ON "runbooks"."executions"  ("incident_id") WHERE "incident_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "executions_by_runbook" ON "runbooks"."executions"  ("runbook_id", "started_at") `);
        await queryRunner.query(`CREATE TABLE "runbooks"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "runbooks_outbox_unpublished" ON "runbooks"."outbox"  ("seq") WHERE "published_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "runbooks"."processed_messages" ("message_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e357ddfac536c6c9708130ec3bc" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "runbooks"."runbooks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "path" text NOT NULL, "source" text NOT NULL, "content_hash" text NOT NULL, "version" integer NOT NULL, "title" text NOT NULL, "category" text NOT NULL, "estimated_duration_seconds" integer, "services" text array NOT NULL, "alerts" text array NOT NULL, "owner" text, "tags" text array NOT NULL, "url" text, "steps" jsonb NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_f44a8bd9f6eb7250fceaf76a2e9" UNIQUE ("seq"), CONSTRAINT "UQ_922993c7d875a1d36acfec6b27e" UNIQUE ("path"), CONSTRAINT "PK_dc7c67d04939cf8155244322cff" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "runbooks"."runbooks"`);
        await queryRunner.query(`DROP TABLE "runbooks"."processed_messages"`);
        await queryRunner.query(`DROP INDEX "runbooks"."runbooks_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "runbooks"."outbox"`);
        await queryRunner.query(`DROP INDEX "runbooks"."executions_by_runbook"`);
        await queryRunner.query(`DROP INDEX "runbooks"."executions_by_incident"`);
        await queryRunner.query(`DROP TABLE "runbooks"."executions"`);
        await queryRunner.query(`DROP TYPE "runbooks"."execution_status"`);
        await queryRunner.query(`DROP TYPE "runbooks"."execution_trigger_source"`);
    }

}
