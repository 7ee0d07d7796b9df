import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAuditOutbox1795560000000 implements MigrationInterface {
    name = 'CreateAuditOutbox1795560000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ingest"."outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_cc0c9e40998e45ecfc5e313429d" UNIQUE ("event_id"), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "ingest_outbox_unpublished" ON "ingest"."outbox"  ("seq") WHERE "published_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."ingest_outbox_unpublished"`);
        await queryRunner.query(`DROP TABLE "ingest"."outbox"`);
    }

}
