import { MigrationInterface, QueryRunner } from "typeorm";

export class MeasureSlosFromPrometheus1796140000001 implements MigrationInterface {
    name = 'MeasureSlosFromPrometheus1796140000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "alerts"."slos" ADD "sli_error_query" text`);
        await queryRunner.query(`ALTER TABLE "alerts"."slos" ADD "sli_total_query" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "alerts"."slos" DROP COLUMN "sli_total_query"`);
        await queryRunner.query(`ALTER TABLE "alerts"."slos" DROP COLUMN "sli_error_query"`);
    }

}
