import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Escalations for alert groups without an incident (incident_id null until the group's incident adopts them, a
 * PagerDuty dedup_key of their own), once per opening of an incident (a reopened incident pages again; only one
 * running per incident and policy), PagerDuty acknowledge/resolve follow-ups as pages with an `action`, and the
 * critical alerts of each group (a group resolved stops its escalation).
 */
export class EscalateAlertGroupsAndReopens1796153417291 implements MigrationInterface {
    name = 'EscalateAlertGroupsAndReopens1796153417291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "runbooks"."escalations_incident_policy"`);
        await queryRunner.query(`DROP INDEX "runbooks"."pages_identity"`);
        await queryRunner.query(`CREATE TABLE "runbooks"."alert_group_alerts" ("alert_id" uuid NOT NULL, "group_key" text NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_82fcece21f2a30a414367774e2a" PRIMARY KEY ("alert_id"))`);
        await queryRunner.query(`CREATE INDEX "alert_group_alerts_group" ON "runbooks"."alert_group_alerts"  ("group_key") `);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "alert_group_key" text`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "dedup_key" text`);
        // Escalations so far were all for incidents, deduplicated on the incident id.
        await queryRunner.query(`UPDATE "runbooks"."escalations" SET "dedup_key" = "incident_id"::text`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ALTER COLUMN "dedup_key" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ADD "opening" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "runbooks"."pages" ADD "action" text NOT NULL DEFAULT 'trigger'`);
        await queryRunner.query(`ALTER TABLE "runbooks"."incident_states" ADD "alert_group_key" text`);
        await queryRunner.query(`ALTER TABLE "runbooks"."incident_states" ADD "opening" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ALTER COLUMN "incident_id" DROP NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "escalations_active_alert_group_policy" ON "runbooks"."escalations"  ("alert_group_key", "policy_id") WHERE "status" = 'ACTIVE' AND "incident_id" IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "escalations_active_incident_policy" ON "runbooks"."escalations"  ("incident_id", "policy_id") WHERE "status" = 'ACTIVE'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "escalations_incident_policy_opening" ON "runbooks"."escalations"  ("incident_id", "policy_id", "opening") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "pages_identity" ON "runbooks"."pages"  ("escalation_id", "round", "level", "target", "channel", "action") `);
        await queryRunner.query(`CREATE INDEX "incident_states_alert_group" ON "runbooks"."incident_states"  ("alert_group_key") WHERE "alert_group_key" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "runbooks"."incident_states_alert_group"`);
        await queryRunner.query(`DROP INDEX "runbooks"."pages_identity"`);
        await queryRunner.query(`DROP INDEX "runbooks"."escalations_incident_policy_opening"`);
        await queryRunner.query(`DROP INDEX "runbooks"."escalations_active_incident_policy"`);
        await queryRunner.query(`DROP INDEX "runbooks"."escalations_active_alert_group_policy"`);
        // Follow-ups and alert-group escalations have no place in the old shape.
        await queryRunner.query(`DELETE FROM "runbooks"."pages" WHERE "action" <> 'trigger'`);
        await queryRunner.query(`DELETE FROM "runbooks"."pages" p USING "runbooks"."escalations" e WHERE p."escalation_id" = e."id" AND e."incident_id" IS NULL`);
        await queryRunner.query(`DELETE FROM "runbooks"."escalations" WHERE "incident_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" ALTER COLUMN "incident_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "runbooks"."incident_states" DROP COLUMN "opening"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."incident_states" DROP COLUMN "alert_group_key"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."pages" DROP COLUMN "action"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "opening"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "dedup_key"`);
        await queryRunner.query(`ALTER TABLE "runbooks"."escalations" DROP COLUMN "alert_group_key"`);
        await queryRunner.query(`DROP INDEX "runbooks"."alert_group_alerts_group"`);
        await queryRunner.query(`DROP TABLE "runbooks"."alert_group_alerts"`);
        // Reopened incidents may have several escalations per policy: the old unique key keeps the first.
        await queryRunner.query(`DELETE FROM "runbooks"."escalations" e USING "runbooks"."escalations" x WHERE e."incident_id" = x."incident_id" AND e."policy_id" = x."policy_id" AND e."started_at" > x."started_at"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "pages_identity" ON "runbooks"."pages" USING btree ("escalation_id", "round", "level", "target", "channel") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "escalations_incident_policy" ON "runbooks"."escalations" USING btree ("incident_id", "policy_id") `);
    }

}
