import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAlerts1795535651014 implements MigrationInterface {
    name = 'CreateAlerts1795535651014'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alerts"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "alerts_outbox_unpublished" ON "alerts"."outbox"  ("seq") WHERE "published_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "alerts"."processed_messages" ("message_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e357ddfac536c6c9708130ec3bc" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TYPE "alerts"."alert_severity" AS ENUM('CRITICAL', 'WARNING', 'INFO')`);
        await queryRunner.query(`CREATE TYPE "alerts"."alert_status" AS ENUM('FIRING', 'ACKNOWLEDGED', 'RESOLVED', 'SILENCED')`);
        await queryRunner.query(`CREATE TABLE "alerts"."alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "fingerprint" text NOT NULL, "alert_name" text NOT NULL, "severity" "alerts"."alert_severity" NOT NULL, "status" "alerts"."alert_status" NOT NULL, "service" text, "labels" jsonb NOT NULL, "annotations" jsonb NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE, "generator_url" text, "group_key" text NOT NULL, "first_received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "receive_count" integer NOT NULL DEFAULT '1', "acknowledged_by" text, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "silenced_until" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" text, "incident_id" uuid, CONSTRAINT "UQ_efac868c013bc4e33257578878e" UNIQUE ("seq"), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "alerts_incident" ON "alerts"."alerts"  ("incident_id") WHERE "incident_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "alerts_open_by_service" ON "alerts"."alerts"  ("service") WHERE "status" <> 'RESOLVED'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "alerts_identity" ON "alerts"."alerts"  ("fingerprint", "starts_at") `);
        await queryRunner.query(`CREATE TABLE "alerts"."slo_violations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slo_name" text NOT NULL, "service" text, "alert_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_00958056f88450b177f6a01d366" UNIQUE ("alert_id"), CONSTRAINT "PK_793d4ad98f61a54aa363139e10d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "slo_violations_by_slo" ON "alerts"."slo_violations"  ("slo_name", "started_at") `);
        await queryRunner.query(`CREATE TABLE "alerts"."slos" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "service" text NOT NULL, "objective" double precision NOT NULL, "window_days" integer NOT NULL, "description" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_eca1be92ffe2dfe3e15bce92887" UNIQUE ("name"), CONSTRAINT "PK_88c186866e955d0595f2018d456" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "alerts"."slos"`);
        await queryRunner.query(`DROP INDEX "alerts"."slo_violations_by_slo"`);
        await queryRunner.query(`DROP TABLE "alerts"."slo_violations"`);
        await queryRunner.query(`DROP INDEX "alerts"."alerts_identity"`);
        await queryRunner.query(`DROP INDEX "alerts"."alerts_open_by_service"`);
        await queryRunner.query(`DROP INDEX "alerts"."alerts_incident"`);
        await queryRunner.query(`DROP TABLE "alerts"."alerts"`);
        await queryRunner.query(`DROP TYPE "alerts"."alert_status"`);
        await queryRunner.query(`DROP TYPE "alerts"."alert_severity"`);
        await queryRunner.query(`DROP TABLE "alerts"."processed_messages"`);
        await queryRunner.query(`DROP INDEX "alerts"."alerts_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "alerts"."outbox"`);
    }

}
