import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateProductionDeployments1796136992454 implements MigrationInterface {
    name = 'CreateProductionDeployments1796136992454'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "runbooks"."production_deployments" ("deployment_id" uuid NOT NULL, "service_name" text NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3706986572c319640bcbbecb6ac" PRIMARY KEY ("deployment_id"))`);
        await queryRunner.query(`CREATE INDEX "production_deployments_by_service" ON "runbooks"."production_deployments"  ("service_name", "finished_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "runbooks"."production_deployments_by_service"`);
        await queryRunner.query(`DROP TABLE "runbooks"."production_deployments"`);
    }

}
