import { MigrationInterface, QueryRunner } from "typeorm";

export class ConfirmOutboxDeadLettersAndIncidentVersions1796137912557 implements MigrationInterface {
    name = 'ConfirmOutboxDeadLettersAndIncidentVersions1796137912557'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "runbooks"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "runbooks_dead_letters_queue_job" ON "runbooks"."dead_letters"  ("queue", "job_id") `);
        await queryRunner.query(`ALTER TABLE "runbooks"."incident_states" ADD "version" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "runbooks"."outbox" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "runbooks"."outbox" ADD "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TABLE "runbooks"."outbox" ADD "check_count" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE INDEX "runbooks_outbox_unconfirmed" ON "runbooks"."outbox"  ("next_check_at") WHERE "published_at" IS NOT NULL AND "confirmed_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "runbooks"."runbooks_outbox_unconfirmed"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."outbox" DROP COLUMN "check_count"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."outbox" DROP COLUMN "next_check_at"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."outbox" DROP COLUMN "confirmed_at"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."incident_states" DROP COLUMN "version"`);
        await queryRunner.query(`DROP INDEX "runbooks"."runbooks_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "runbooks"."dead_letters"`);
    }

}
