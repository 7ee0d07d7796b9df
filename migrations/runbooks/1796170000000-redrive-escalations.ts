import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What the escalation re-drive needs to find a step or page whose BullMQ job Redis lost: each running escalation's
 * next step and when it is due, and per escalation and page when to look at its job next, each behind a partial
 * index that holds only the rows still to run (an idle system's pass reads an empty index range).
 * Escalations already running keep null (their next step was never recorded) and are not re-driven; their pages are.
 */
export class RedriveEscalations1796170000000 implements MigrationInterface {
    name = 'RedriveEscalations1796170000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "next_round" integer`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "next_level" integer`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "next_due_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "redrive_after" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "runbooks"."pages" ADD "redrive_after" TIMESTAMP WITH TIME ZONE DEFAULT now()`);
        // Pages sent or failed are never looked at: out of the index.
        await queryRunner.query(`UPDATE "runbooks"."pages" SET "redrive_after" = NULL WHERE "outcome" <> 'PENDING'`);
        await queryRunner.query(`CREATE INDEX "escalations_redrive" ON "runbooks"."escalations" ("redrive_after") WHERE "status" = 'ACTIVE' AND "redrive_after" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "pages_redrive" ON "runbooks"."pages" ("redrive_after") WHERE "outcome" = 'PENDING' AND "redrive_after" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "runbooks"."pages_redrive"`);
        await queryRunner.query(`DROP INDEX "runbooks"."escalations_redrive"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."pages" DROP COLUMN "redrive_after"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "redrive_after"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "next_due_at"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "next_level"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "next_round"`);
    }

}
