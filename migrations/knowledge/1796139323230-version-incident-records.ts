import { MigrationInterface, QueryRunner } from "typeorm";

export class VersionIncidentRecords1796139323230 implements MigrationInterface {
    name = 'VersionIncidentRecords1796139323230'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "knowledge"."incidents" ADD "version" integer NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "knowledge"."incidents" DROP COLUMN "version"`);
    }

}
