import { MigrationInterface, QueryRunner } from "typeorm";

export class AttachAlertsToIncidents1795535654008 implements MigrationInterface {
    name = 'AttachAlertsToIncidents1795535654008'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "incidents"."incident_alerts" ("alert_id" uuid NOT NULL, "incident_id" uuid, "alert_name" text NOT NULL, "attached_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b050e930ebf9dc7efc79a807441" PRIMARY KEY ("alert_id"))`);
        await queryRunner.query(`CREATE INDEX "incident_alerts_incident" ON "incidents"."incident_alerts"  ("incident_id") `);
        await queryRunner.query(`ALTER TABLE "incidents"."incidents" ADD "alert_group_key" text`);
        await queryRunner.query(`ALTER TYPE "incidents"."timeline_entry_kind" ADD VALUE 'ALERT_ATTACHED'`);
        await queryRunner.query(`ALTER TYPE "incidents"."timeline_entry_kind" ADD VALUE 'ALERTS_RESOLVED'`);
        await queryRunner.query(`CREATE INDEX "incidents_open_alert_group" ON "incidents"."incidents"  ("alert_group_key") WHERE "status" <> 'RESOLVED' AND "alert_group_key" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "incidents"."incidents_open_alert_group"`);
        await queryRunner.query(`CREATE TYPE "incidents"."timeline_entry_kind_old" AS ENUM('DECLARED', 'ACKNOWLEDGED', 'STATUS_CHANGED', 'SEVERITY_CHANGED', 'COMMANDER_ASSIGNED', 'UPDATED', 'NOTE', 'RESOLVED', 'REOPENED')`);
        await queryRunner.query(`ALTER TABLE "incidents"."timeline_entries" ALTER COLUMN "kind" TYPE "incidents"."timeline_entry_kind_old" USING "kind"::"text"::"incidents"."timeline_entry_kind_old"`);
        await queryRunner.query(`DROP TYPE "incidents"."timeline_entry_kind"`);
        await queryRunner.query(`ALTER TYPE "incidents"."timeline_entry_kind_old" RENAME TO "timeline_entry_kind"`);
        await queryRunner.query(`ALTER TABLE "incidents"."incidents" DROP COLUMN "alert_group_key"`);
        await queryRunner.query(`DROP INDEX "incidents"."incident_alerts_incident"`);
        await queryRunner.query(`DROP TABLE "incidents"."incident_alerts"`);
    }

}
