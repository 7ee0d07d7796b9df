import { MigrationInterface, QueryRunner } from "typeorm";

export class KnowledgeIncidentFactsAndMilestones1796142638255 implements MigrationInterface {
    name = 'KnowledgeIncidentFactsAndMilestones1796142638255'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "knowledge"."incident_facts" ("incident_id" uuid NOT NULL, "kind" text NOT NULL, "key" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "detail" jsonb NOT NULL, CONSTRAINT "PK_51640066274f82f22670afe6334" PRIMARY KEY ("incident_id", "kind", "key"))`);
        await queryRunner.query(`ALTER TABLE "knowledge"."roadmap_items" ADD "milestone_updated_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "knowledge"."roadmap_items" DROP COLUMN "milestone_updated_at"`);
        await queryRunner.query(`DROP TABLE "knowledge"."incident_facts"`);
    }

}
