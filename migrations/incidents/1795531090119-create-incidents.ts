import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateIncidents1795531090119 implements MigrationInterface {
    name = 'CreateIncidents1795531090119'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "incidents"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "incidents_outbox_unpublished" ON "incidents"."outbox"  ("seq") WHERE "published_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "incidents"."processed_messages" ("message_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e357ddfac536c6c9708130ec3bc" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TYPE "incidents"."incident_severity" AS ENUM('SEV1', 'SEV2', 'SEV3', 'SEV4')`);
        await queryRunner.query(`CREATE TYPE "incidents"."incident_status" AS ENUM('OPEN', 'INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED')`);
        await queryRunner.query(`CREATE TYPE "incidents"."incident_source" AS ENUM('MANUAL', 'GITHUB', 'ALERT')`);
        await queryRunner.query(`CREATE TABLE "incidents"."incidents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" SERIAL NOT NULL, "title" text NOT NULL, "severity" "incidents"."incident_severity" NOT NULL, "status" "incidents"."incident_status" NOT NULL DEFAULT 'OPEN', "commander" text, "affected_services" text array NOT NULL DEFAULT '{}', "customer_impact" boolean NOT NULL DEFAULT false, "impact_description" text, "source" "incidents"."incident_source" NOT NULL, "github_issue_id" bigint, "github_repository" text, "github_issue_number" integer, "github_issue_url" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolution" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a3ae961105c8dae1eef9e796e0f" UNIQUE ("number"), CONSTRAINT "PK_ccb34c01719889017e2246469f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "incidents_active_services" ON "incidents"."incidents"  ("affected_services") WHERE "status" <> 'RESOLVED'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "incidents_github_issue_key" ON "incidents"."incidents"  ("github_issue_id") WHERE "github_issue_id" IS NOT NULL`);
        await queryRunner.query(`CREATE TYPE "incidents"."timeline_entry_kind" AS ENUM('DECLARED', 'ACKNOWLEDGED', 'STATUS_CHANGED', 'SEVERITY_CHANGED', 'COMMANDER_ASSIGNED', 'UPDATED', 'NOTE', 'RESOLVED', 'REOPENED')`);
        await queryRunner.query(`CREATE TABLE "incidents"."timeline_entries" ("seq" BIGSERIAL NOT NULL, "incident_id" uuid NOT NULL, "kind" "incidents"."timeline_entry_kind" NOT NULL, "actor" text NOT NULL, "message" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc2d9bfd469f837cd6a10a8a152" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "timeline_entries_incident" ON "incidents"."timeline_entries"  ("incident_id", "seq") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "incidents"."timeline_entries_incident"`);
        await queryRunner.query(`DROP TABLE "incidents"."timeline_entries"`);
        await queryRunner.query(`DROP TYPE "incidents"."timeline_entry_kind"`);
        await queryRunner.query(`DROP INDEX "incidents"."incidents_github_issue_key"`);
        await queryRunner.query(`DROP INDEX "incidents"."incidents_active_services"`);
        await queryRunner.query(`DROP TABLE "incidents"."incidents"`);
        await queryRunner.query(`DROP TYPE "incidents"."incident_source"`);
        await queryRunner.query(`DROP TYPE "incidents"."incident_status"`);
        await queryRunner.query(`DROP TYPE "incidents"."incident_severity"`);
        await queryRunner.query(`DROP TABLE "incidents"."processed_messages"`);
        await queryRunner.query(`DROP INDEX "incidents"."incidents_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "incidents"."outbox"`);
    }

}
