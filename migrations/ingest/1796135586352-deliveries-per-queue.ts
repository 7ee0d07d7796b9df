import { MigrationInterface, QueryRunner } from "typeorm";

export class DeliveriesPerQueue1796135586352 implements MigrationInterface {
    name = 'DeliveriesPerQueue1796135586352'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."deliveries_source_key"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "deliveries_source_key_queue" ON "ingest"."deliveries"  ("source", "delivery_key", "queue") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ingest"."deliveries_source_key_queue"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "deliveries_source_key" ON "ingest"."deliveries" USING btree ("source", "delivery_key") `);
    }

}
