import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateDeployments1795548591987 implements MigrationInterface {
    name = 'CreateDeployments1795548591987'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deployments"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "deployments_outbox_unpublished" ON "deployments"."outbox"  ("seq") WHERE "published_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "deployments"."processed_messages" ("message_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e357ddfac536c6c9708130ec3bc" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "deployments"."discarded_github_keys" ("external_key" text NOT NULL, "reason" text NOT NULL, "discarded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_02bd3b471c8f77959d266a281e3" PRIMARY KEY ("external_key"))`);
        await queryRunner.query(`CREATE TYPE "deployments"."deployment_environment" AS ENUM('DEVELOPMENT', 'STAGING', 'PRODUCTION')`);
        await queryRunner.query(`CREATE TYPE "deployments"."deployment_status" AS ENUM('PENDING', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK')`);
        await queryRunner.query(`CREATE TYPE "deployments"."deployment_source" AS ENUM('API', 'GITHUB')`);
        await queryRunner.query(`CREATE TABLE "deployments"."deployments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "service_name" text NOT NULL, "version" text NOT NULL, "environment" "deployments"."deployment_environment" NOT NULL, "status" "deployments"."deployment_status" NOT NULL, "status_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source" "deployments"."deployment_source" NOT NULL, "deployed_by" text NOT NULL, "commit_sha" text, "commit_at" TIMESTAMP WITH TIME ZONE, "github_run_url" text, "release_url" text, "repository" text, "ref" text, "github_environment" text, "github_state" text, "external_key" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "rollback_of" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_538065e44955ed5258fe5ecb466" UNIQUE ("seq"), CONSTRAINT "PK_1e5627acb3c950deb83fe98fc48" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "deployments_rollback_of" ON "deployments"."deployments"  ("rollback_of") WHERE "rollback_of" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "deployments_external_key" ON "deployments"."deployments"  ("external_key") WHERE "external_key" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "deployments_succeeded_by_service" ON "deployments"."deployments"  ("service_name", "environment", "finished_at") WHERE "status" = 'SUCCEEDED'`);
        await queryRunner.query(`CREATE INDEX "deployments_finished" ON "deployments"."deployments"  ("finished_at") WHERE "finished_at" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "deployments_service_started" ON "deployments"."deployments"  ("service_name", "started_at") `);
        await queryRunner.query(`CREATE TABLE "deployments"."incidents" ("incident_id" uuid NOT NULL, "number" integer NOT NULL, "severity" text NOT NULL, "status" text NOT NULL, "affected_services" text array NOT NULL DEFAULT '{}', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "deployment_id" uuid, "attribution" text, "linked_by" text, "event_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ff3b5892a4fc0c8fcc55ae936c2" PRIMARY KEY ("incident_id"))`);
        await queryRunner.query(`CREATE INDEX "deployments_incidents_resolved" ON "deployments"."incidents"  ("resolved_at") WHERE "resolved_at" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "deployments_incidents_deployment" ON "deployments"."incidents"  ("deployment_id") WHERE "deployment_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "deployments_incidents_started" ON "deployments"."incidents"  ("started_at") `);
        await queryRunner.query(`CREATE INDEX "deployments_incidents_open" ON "deployments"."incidents"  ("status") WHERE "status" <> 'RESOLVED'`);
        await queryRunner.query(`CREATE TABLE "deployments"."release_gate_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_name" text NOT NULL, "environment" text NOT NULL, "version" text NOT NULL, "overridden_by" text NOT NULL, "reason" text NOT NULL, "overridden_rules" text array NOT NULL, "decision" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_06641be69f27f04bdd6b31aa29a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "release_gate_overrides_service" ON "deployments"."release_gate_overrides"  ("service_name", "created_at") `);
        await queryRunner.query(`CREATE TABLE "deployments"."daily_rollups" ("service_name" text NOT NULL, "environment" text NOT NULL, "day" date NOT NULL, "finished" integer NOT NULL, "failures" integer NOT NULL, "deployment_days" integer NOT NULL, "lead_times" jsonb NOT NULL, "restore_times" jsonb NOT NULL, CONSTRAINT "PK_1d5f93f1325a828e843221b93a0" PRIMARY KEY ("service_name", "environment", "day"))`);
        await queryRunner.query(`CREATE TABLE "deployments"."monthly_rollups" ("service_name" text NOT NULL, "environment" text NOT NULL, "month" date NOT NULL, "finished" integer NOT NULL, "failures" integer NOT NULL, "deployment_days" integer NOT NULL, "lead_times" jsonb NOT NULL, "restore_times" jsonb NOT NULL, CONSTRAINT "PK_0adbc9e03be5fb18a000432c7aa" PRIMARY KEY ("service_name", "environment", "month"))`);
        await queryRunner.query(`CREATE TABLE "deployments"."rollup_dirty_days" ("day" date NOT NULL, "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bdd210d32084550e3f463c3815" PRIMARY KEY ("day"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "deployments"."rollup_dirty_days"`);
        await queryRunner.query(`DROP TABLE "deployments"."monthly_rollups"`);
        await queryRunner.query(`DROP TABLE "deployments"."daily_rollups"`);
        await queryRunner.query(`DROP INDEX "deployments"."release_gate_overrides_service"`);
        await queryRunner.query(`DROP TABLE "deployments"."release_gate_overrides"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_incidents_open"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_incidents_started"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_incidents_deployment"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_incidents_resolved"`);
        await queryRunner.query(`DROP TABLE "deployments"."incidents"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_service_started"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_finished"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_succeeded_by_service"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_external_key"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_rollback_of"`);
        await queryRunner.query(`DROP TABLE "deployments"."deployments"`);
        await queryRunner.query(`DROP TYPE "deployments"."deployment_source"`);
        await queryRunner.query(`DROP TYPE "deployments"."deployment_status"`);
        await queryRunner.query(`DROP TYPE "deployments"."deployment_environment"`);
        await queryRunner.query(`DROP TABLE "deployments"."discarded_github_keys"`);
        await queryRunner.query(`DROP TABLE "deployments"."processed_messages"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "deployments"."outbox"`);
    }

}
