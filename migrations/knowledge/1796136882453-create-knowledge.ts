import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateKnowledge1796136882453 implements MigrationInterface {
    name = 'CreateKnowledge1796136882453'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "knowledge"."action_item_priority" AS ENUM('P1', 'P2', 'P3', 'P4')`);
        await queryRunner.query(`CREATE TYPE "knowledge"."action_item_status" AS ENUM('OPEN', 'IN_PROGRESS', 'DONE', 'NOT_DOING', 'CANCELLED')`);
        await queryRunner.query(`CREATE TABLE "knowledge"."action_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "postmortem_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "description" text NOT NULL, "owner" text, "due_date" date, "priority" "knowledge"."action_item_priority" NOT NULL DEFAULT 'P3', "status" "knowledge"."action_item_status" NOT NULL DEFAULT 'OPEN', "status_reason" text, "ticket_url" text, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_91300ae9b775c131bbe44241aca" UNIQUE ("seq"), CONSTRAINT "PK_5a84b168b001636b379312104ab" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c9cf3118e63ff24a5aafae8389" ON "knowledge"."action_items"  ("postmortem_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_7449f643e378cd2dcfe6c2b675" ON "knowledge"."action_items"  ("incident_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_83870d0b65a9fef141fb29b2e7" ON "knowledge"."action_items"  ("owner") `);
        await queryRunner.query(`CREATE INDEX "knowledge_action_items_open_due" ON "knowledge"."action_items"  ("due_date") WHERE "status" IN ('OPEN', 'IN_PROGRESS')`);
        await queryRunner.query(`CREATE TYPE "knowledge"."adr_status" AS ENUM('PROPOSED', 'ACCEPTED', 'REJECTED', 'DEPRECATED', 'SUPERSEDED')`);
        await queryRunner.query(`CREATE TABLE "knowledge"."adrs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "path" text NOT NULL, "number" integer, "title" text NOT NULL, "status" "knowledge"."adr_status" NOT NULL, "status_text" text, "date" date, "deciders" text array NOT NULL DEFAULT '{}', "supersedes_paths" text array NOT NULL DEFAULT '{}', "superseded_by_paths" text array NOT NULL DEFAULT '{}', "amends_paths" text array NOT NULL DEFAULT '{}', "content_hash" text NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_1c4f44680679e4045728b327222" UNIQUE ("path"), CONSTRAINT "PK_2a4026b795e580b710714f08b0e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_1d3ded50e9cbaf33c6f7cd8505" ON "knowledge"."adrs"  ("number") `);
        await queryRunner.query(`CREATE TYPE "knowledge"."customer_request_type" AS ENUM('DEMO', 'FEATURE')`);
        await queryRunner.query(`CREATE TYPE "knowledge"."customer_request_status" AS ENUM('OPEN', 'UNDER_REVIEW', 'PLANNED', 'IN_PROGRESS', 'DONE', 'DECLINED')`);
        await queryRunner.query(`CREATE TABLE "knowledge"."customer_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "type" "knowledge"."customer_request_type" NOT NULL, "customer" text NOT NULL, "requester" text NOT NULL, "title" text NOT NULL, "description" text, "status" "knowledge"."customer_request_status" NOT NULL DEFAULT 'OPEN', "votes" integer NOT NULL DEFAULT '1', "requested_for" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_119942736df6171e4725272b212" UNIQUE ("seq"), CONSTRAINT "PK_45ef185f553e792da9b83fa2464" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_41c202cd4a35f10a2e45439f7a" ON "knowledge"."customer_requests"  ("customer") `);
        await queryRunner.query(`CREATE TABLE "knowledge"."customer_request_votes" ("customer_request_id" uuid NOT NULL, "voter" text NOT NULL, "voted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5752b3a3b3ec025284ba5fbe05a" PRIMARY KEY ("customer_request_id", "voter"))`);
        await queryRunner.query(`CREATE TABLE "knowledge"."customer_request_roadmap_items" ("customer_request_id" uuid NOT NULL, "roadmap_item_id" uuid NOT NULL, CONSTRAINT "PK_76d2069d6cdedb1800eac2d550f" PRIMARY KEY ("customer_request_id", "roadmap_item_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_4afa84d9566d9383250e821b1f" ON "knowledge"."customer_request_roadmap_items"  ("roadmap_item_id") `);
        await queryRunner.query(`CREATE TABLE "knowledge"."incidents" ("incident_id" uuid NOT NULL, "number" integer NOT NULL, "title" text, "severity" text NOT NULL, "status" text NOT NULL, "affected_services" text array NOT NULL DEFAULT '{}', "customer_impact" boolean NOT NULL DEFAULT false, "impact_description" text, "commander" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "mitigated_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolution" text, "search" tsvector, "event_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ff3b5892a4fc0c8fcc55ae936c2" PRIMARY KEY ("incident_id"))`);
        // Hand-written: GIN indexes for the copilot's search (TypeORM cannot declare them; the entity marks them synchronize: false).
        await queryRunner.query(`CREATE INDEX "knowledge_incidents_search" ON "knowledge"."incidents" USING GIN ("search")`);
        await queryRunner.query(`CREATE INDEX "knowledge_incidents_services" ON "knowledge"."incidents" USING GIN ("affected_services")`);
        await queryRunner.query(`CREATE TABLE "knowledge"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "check_count" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "knowledge_outbox_unconfirmed" ON "knowledge"."outbox"  ("next_check_at") WHERE "published_at" IS NOT NULL AND "confirmed_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "knowledge_outbox_unpublished" ON "knowledge"."outbox"  ("seq") WHERE "published_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "knowledge"."processed_messages" ("message_id" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e357ddfac536c6c9708130ec3bc" PRIMARY KEY ("message_id"))`);
        await queryRunner.query(`CREATE TABLE "knowledge"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "knowledge_dead_letters_queue_job" ON "knowledge"."dead_letters"  ("queue", "job_id") `);
        await queryRunner.query(`CREATE TYPE "knowledge"."postmortem_status" AS ENUM('DRAFT', 'IN_REVIEW', 'PUBLISHED')`);
        await queryRunner.query(`CREATE TABLE "knowledge"."postmortems" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "incident_id" uuid NOT NULL, "title" text NOT NULL, "status" "knowledge"."postmortem_status" NOT NULL DEFAULT 'DRAFT', "summary" text, "impact" text, "root_cause_analysis" text, "contributing_factors" text array NOT NULL DEFAULT '{}', "trigger" text, "detection" text, "resolution" text, "lessons_learned" text array NOT NULL DEFAULT '{}', "lessons" jsonb NOT NULL, "timeline" jsonb NOT NULL DEFAULT '[]', "auto_drafted" boolean NOT NULL DEFAULT false, "created_by" text NOT NULL, "last_edited_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "published_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_54e56e4f7118d2576ea8b7c5b25" UNIQUE ("seq"), CONSTRAINT "UQ_de5352cffc10107b78f069d0676" UNIQUE ("incident_id"), CONSTRAINT "PK_a618a55900d7d04d080d50e0dd4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TYPE "knowledge"."roadmap_item_kind" AS ENUM('EPIC', 'STORY')`);
        await queryRunner.query(`CREATE TYPE "knowledge"."roadmap_status" AS ENUM('PLANNED', 'IN_PROGRESS', 'DONE', 'BLOCKED', 'CANCELLED')`);
        await queryRunner.query(`CREATE TABLE "knowledge"."roadmap_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "kind" "knowledge"."roadmap_item_kind" NOT NULL, "parent_id" uuid, "position" integer NOT NULL DEFAULT '0', "title" text NOT NULL, "priority" text, "owner" text, "depends_on" text array NOT NULL DEFAULT '{}', "acceptance_criteria" text array NOT NULL DEFAULT '{}', "status" "knowledge"."roadmap_status" NOT NULL DEFAULT 'PLANNED', "progress_percentage" integer NOT NULL DEFAULT '0', "github_milestone_url" text, "removed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_dbfa8d9b982a42ce6d4fe59348e" UNIQUE ("key"), CONSTRAINT "PK_e5d959c8ec2deabd242d10e640e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_29928bbb9baccd7a04d3e7b4c0" ON "knowledge"."roadmap_items"  ("parent_id") `);
        await queryRunner.query(`CREATE TABLE "knowledge"."roadmap_item_adrs" ("roadmap_item_id" uuid NOT NULL, "adr_id" uuid NOT NULL, CONSTRAINT "PK_24562fc40a2bc30b3be094ae1ac" PRIMARY KEY ("roadmap_item_id", "adr_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_17bb781908692360e2ecaa1a59" ON "knowledge"."roadmap_item_adrs"  ("adr_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_17bb781908692360e2ecaa1a59"`);
        await queryRunner.query(`DROP TABLE "knowledge"."roadmap_item_adrs"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_29928bbb9baccd7a04d3e7b4c0"`);
        await queryRunner.query(`DROP TABLE "knowledge"."roadmap_items"`);
        await queryRunner.query(`DROP TYPE "knowledge"."roadmap_status"`);
        await queryRunner.query(`DROP TYPE "knowledge"."roadmap_item_kind"`);
        await queryRunner.query(`DROP TABLE "knowledge"."postmortems"`);
        await queryRunner.query(`DROP TYPE "knowledge"."postmortem_status"`);
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "knowledge"."dead_letters"`);
        await queryRunner.query(`DROP TABLE "knowledge"."processed_messages"`);
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_outbox_unpublished"`);
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_outbox_unconfirmed"`);
        await queryRunner.query(`DROP TABLE "knowledge"."outbox"`);
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_incidents_services"`);
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_incidents_search"`);
        await queryRunner.query(`DROP TABLE "knowledge"."incidents"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_4afa84d9566d9383250e821b1f"`);
        await queryRunner.query(`DROP TABLE "knowledge"."customer_request_roadmap_items"`);
        await queryRunner.query(`DROP TABLE "knowledge"."customer_request_votes"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_41c202cd4a35f10a2e45439f7a"`);
        await queryRunner.query(`DROP TABLE "knowledge"."customer_requests"`);
        await queryRunner.query(`DROP TYPE "knowledge"."customer_request_status"`);
        await queryRunner.query(`DROP TYPE "knowledge"."customer_request_type"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_1d3ded50e9cbaf33c6f7cd8505"`);
        await queryRunner.query(`DROP TABLE "knowledge"."adrs"`);
        await queryRunner.query(`DROP TYPE "knowledge"."adr_status"`);
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_action_items_open_due"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_83870d0b65a9fef141fb29b2e7"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_7449f643e378cd2dcfe6c2b675"`);
        await queryRunner.query(`DROP INDEX "knowledge"."IDX_c9cf3118e63ff24a5aafae8389"`);
        await queryRunner.query(`DROP TABLE "knowledge"."action_items"`);
        await queryRunner.query(`DROP TYPE "knowledge"."action_item_status"`);
        await queryRunner.query(`DROP TYPE "knowledge"."action_item_priority"`);
    }

}
