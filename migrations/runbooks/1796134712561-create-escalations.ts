import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateEscalations1796134712561 implements MigrationInterface {
    name = 'CreateEscalations1796134712561'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "runbooks"."escalation_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "levels" jsonb NOT NULL, "repeat" integer NOT NULL, "services" text array NOT NULL, "webhook_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_480ffb8a396b5aeba33dc1c54ca" UNIQUE ("name"), CONSTRAINT "PK_aea3f30839009e0efd350e4cbc7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "runbooks"."escalations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "policy_id" uuid NOT NULL, "policy" jsonb NOT NULL, "incident_title" text, "severity" text NOT NULL, "services" text array NOT NULL, "status" text NOT NULL, "stop_reason" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stopped_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_652a394609addaa4b0f2b3032a1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "escalations_incident_policy" ON "runbooks"."escalations"  ("incident_id", "policy_id") `);
        await queryRunner.query(`CREATE TABLE "runbooks"."pages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "escalation_id" uuid NOT NULL, "round" integer NOT NULL, "level" integer NOT NULL, "target" text NOT NULL, "channel" text NOT NULL, "outcome" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8f21ed625aa34c8391d636b7d3b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "pages_identity" ON "runbooks"."pages"  ("escalation_id", "round", "level", "target", "channel") `);
        await queryRunner.query(`CREATE TABLE "runbooks"."incident_states" ("incident_id" uuid NOT NULL, "number" integer NOT NULL, "severity" text NOT NULL, "status" text NOT NULL, "affected_services" text array NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_83534f4fa36c28ade91c61e734d" PRIMARY KEY ("incident_id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "runbooks"."incident_states"`);
        await queryRunner.query(`DROP INDEX "runbooks"."pages_identity"`);
        await queryRunner.query(`DROP TABLE "runbooks"."pages"`);
        await queryRunner.query(`DROP INDEX "runbooks"."escalations_incident_policy"`);
        await queryRunner.query(`DROP TABLE "runbooks"."escalations"`);
        await queryRunner.query(`DROP TABLE "runbooks"."escalation_policies"`);
    }

}
