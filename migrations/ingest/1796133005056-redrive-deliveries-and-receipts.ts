import { MigrationInterface, QueryRunner } from "typeorm";

export class RedriveDeliveriesAndReceipts1796133005056 implements MigrationInterface {
    name = 'RedriveDeliveriesAndReceipts1796133005056'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."deliveries_pending"`);
        await queryRunner.query(`CREATE TABLE "ingest"."delivery_receipts" ("source" text NOT NULL, "body_hash" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_160be74791ea9d7b8b1658ce7e3" PRIMARY KEY ("source", "body_hash"))`);
        await queryRunner.query(`ALTER TABLE "ingest"."outbox" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "ingest"."outbox" ADD "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TABLE "ingest"."outbox" ADD "check_count" integer NOT NULL DEFAULT '0'`);
        // Backfill (hand-written): rows published over a day ago cannot be confirmed against Redis (it keeps completed jobs a
        // day); treat them as confirmed rather than re-enqueue the whole history once on upgrade.
        await queryRunner.query(`UPDATE "ingest"."outbox" SET "confirmed_at" = "published_at" WHERE "published_at" < now() - interval '1 day'`);
        await queryRunner.query(`ALTER TABLE "ingest"."deliveries" ADD "next_check_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`ALTER TABLE "ingest"."deliveries" ADD "check_count" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE INDEX "ingest_outbox_unconfirmed" ON "ingest"."outbox"  ("next_check_at") WHERE "published_at" IS NOT NULL AND "confirmed_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "deliveries_due" ON "ingest"."deliveries"  ("next_check_at") WHERE "completed_at" IS NULL AND "failed_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."deliveries_due"`);
        await queryRunner.query(`DROP INDEX "ingest"."ingest_outbox_unconfirmed"`);
        await queryRunner.query(`ALTER TABLE "ingest"."deliveries" DROP COLUMN "check_count"`);
        await queryRunner.query(`ALTER TABLE "ingest"."deliveries" DROP COLUMN "next_check_at"`);
        await queryRunner.query(`ALTER TABLE "ingest"."outbox" DROP COLUMN "check_count"`);
        await queryRunner.query(`ALTER TABLE "ingest"."outbox" DROP COLUMN "next_check_at"`);
        await queryRunner.query(`ALTER TABLE "ingest"."outbox" DROP COLUMN "confirmed_at"`);
        await queryRunner.query(`DROP TABLE "ingest"."delivery_receipts"`);
        await queryRunner.query(`CREATE INDEX "deliveries_pending" ON "ingest"."deliveries" USING btree ("id") WHERE ((completed_at IS NULL) AND (failed_at IS NULL))`);
    }

}
