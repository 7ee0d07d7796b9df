import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateDeliveries1795531089065 implements MigrationInterface {
    name = 'CreateDeliveries1795531089065'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ingest"."deliveries" ("id" BIGSERIAL NOT NULL, "source" text NOT NULL, "delivery_key" text NOT NULL, "event" text NOT NULL, "queue" text NOT NULL, "payload" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enqueued_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "enqueue_count" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "deliveries_pending" ON "ingest"."deliveries"  ("id") WHERE "completed_at" IS NULL AND "failed_at" IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "deliveries_source_key" ON "ingest"."deliveries"  ("source", "delivery_key") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."deliveries_source_key"`);
        await queryRunner.query(`DROP INDEX "ingest"."deliveries_pending"`);
        await queryRunner.query(`DROP TABLE "ingest"."deliveries"`);
    }

}
