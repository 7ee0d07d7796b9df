import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateLiveEvents1796142633244 implements MigrationInterface {
    name = 'CreateLiveEvents1796142633244'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ingest"."dead_letters" ("id" BIGSERIAL NOT NULL, "queue" text NOT NULL, "job_id" text NOT NULL, "job_name" text NOT NULL, "data" jsonb NOT NULL, "last_error" text NOT NULL, "attempts" integer NOT NULL, "failures" integer NOT NULL DEFAULT '1', "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "replayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ingest_dead_letters_queue_job" ON "ingest"."dead_letters"  ("queue", "job_id") `);
        await queryRunner.query(`CREATE TABLE "ingest"."live_events" ("id" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ff25dc1ee3cb53cbfbfae3e1ae9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ingest_live_events_recorded_at" ON "ingest"."live_events"  ("recorded_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ingest_live_events_event_id" ON "ingest"."live_events"  ("event_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."ingest_live_events_event_id"`);
        await queryRunner.query(`DROP INDEX "ingest"."ingest_live_events_recorded_at"`);
        await queryRunner.query(`DROP TABLE "ingest"."live_events"`);
        await queryRunner.query(`DROP INDEX "ingest"."ingest_dead_letters_queue_job"`);
        await queryRunner.query(`DROP TABLE "ingest"."dead_letters"`);
    }

}
