import { MigrationInterface, QueryRunner } from "typeorm";

export class ConfirmOutboxAndDeadLetters1796133015083 implements MigrationInterface {
    name = 'ConfirmOutboxAndDeadLetters1796133015083'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "alerts"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "alerts_dead_letters_queue_job" ON "alerts"."dead_letters"  ("queue", "job_id") `);
        await queryRunner.query(`ALTER TABLE "alerts"."outbox" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "alerts"."outbox" ADD "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TABLE "alerts"."outbox" ADD "check_count" integer NOT NULL DEFAULT '0'`);
        // Backfill (hand-written): rows published over a day ago cannot be confirmed against Redis (it keeps completed jobs a
        // day); treat them as confirmed rather than re-enqueue the whole history once on upgrade.
        await queryRunner.query(`UPDATE "alerts"."outbox" SET "confirmed_at" = "published_at" WHERE "published_at" < now() - interval '1 day'`);
        await queryRunner.query(`CREATE INDEX "alerts_outbox_unconfirmed" ON "alerts"."outbox"  ("next_check_at") WHERE "published_at" IS NOT NULL AND "confirmed_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "alerts"."alerts_outbox_unconfirmed"`);
        await queryRunner.query(`ALTER TABLE "alerts"."outbox" DROP COLUMN "check_count"`);
        await queryRunner.query(`ALTER TABLE "alerts"."outbox" DROP COLUMN "next_check_at"`);
        await queryRunner.query(`ALTER TABLE "alerts"."outbox" DROP COLUMN "confirmed_at"`);
        await queryRunner.query(`DROP INDEX "alerts"."alerts_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "alerts"."dead_letters"`);
    }

}
