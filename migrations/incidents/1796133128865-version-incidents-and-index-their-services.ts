import { MigrationInterface, QueryRunner } from "typeorm";

export class VersionIncidentsAndIndexTheirServices1796133128865 implements MigrationInterface {
    name = 'VersionIncidentsAndIndexTheirServices1796133128865'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "incidents"."incidents_active_services"`);
        await queryRunner.query(`ALTER TABLE "incidents"."incidents" ADD "version" integer NOT NULL DEFAULT '1'`);
        // Written by hand: TypeORM cannot declare a GIN index (the entity names it with synchronize: false).
        await queryRunner.query(`CREATE INDEX "incidents_affected_services" ON "incidents"."incidents" USING gin ("affected_services")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "incidents"."incidents_affected_services"`);
        await queryRunner.query(`ALTER TABLE "incidents"."incidents" DROP COLUMN "version"`);
        await queryRunner.query(`CREATE INDEX "incidents_active_services" ON "incidents"."incidents" USING btree ("affected_services") WHERE (status <> 'RESOLVED'::incidents.incident_status)`);
    }

}
