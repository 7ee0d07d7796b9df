import { MigrationInterface, QueryRunner } from "typeorm";

export class KnowledgeIncidentFactsByAlertName1796162742930 implements MigrationInterface {
    name = 'KnowledgeIncidentFactsByAlertName1796162742930'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Hand-written: an expression index (TypeORM cannot declare one; the entity marks it synchronize: false), for the
        // copilot's "incidents the same alerts were attached to".
        await queryRunner.query(`CREATE INDEX "knowledge_incident_facts_alert_name" ON "knowledge"."incident_facts" ((detail->>'alertName')) WHERE kind = 'ALERT'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "knowledge"."knowledge_incident_facts_alert_name"`);
    }

}
