import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateDeadLetters1796133022558 implements MigrationInterface {
    name = 'CreateDeadLetters1796133022558'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "access_dead_letters_queue_job" ON "access"."dead_letters"  ("queue", "job_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "access"."access_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "access"."dead_letters"`);
    }

}
