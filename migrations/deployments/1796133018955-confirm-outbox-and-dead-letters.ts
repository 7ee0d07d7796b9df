import { MigrationInterface, QueryRunner } from "typeorm";

export class ConfirmOutboxAndDeadLetters1796133018955 implements MigrationInterface {
    name = 'ConfirmOutboxAndDeadLetters1796133018955'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deployments"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "deployments_dead_letters_queue_job" ON "deployments"."dead_letters"  ("queue", "job_id") `);
        await queryRunner.query(`ALTER TABLE "deployments"."outbox" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "deployments"."outbox" ADD "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TABLE "deployments"."outbox" ADD "check_count" integer NOT NULL DEFAULT '0'`);
        // Backfill (hand-written): rows published over a day ago cannot be confirmed against Redis (it keeps completed jobs a
        // day); treat them as confirmed rather than re-enqueue the whole history once on upgrade.
        await queryRunner.query(`UPDATE "deployments"."outbox" SET "confirmed_at" = "published_at" WHERE "published_at" < now() - interval '1 day'`);
        await queryRunner.query(`CREATE INDEX "deployments_outbox_unconfirmed" ON "deployments"."outbox"  ("next_check_at") WHERE "published_at" IS NOT NULL AND "confirmed_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "deployments"."deployments_outbox_unconfirmed"`);
        await queryRunner.query(`ALTER TABLE "deployments"."outbox" DROP COLUMN "check_count"`);
        await queryRunner.query(`ALTER TABLE "deployments"."outbox" DROP COLUMN "next_check_at"`);
        await queryRunner.query(`ALTER TABLE "deployments"."outbox" DROP COLUMN "confirmed_at"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "deployments"."dead_letters"`);
    }

}
