import { MigrationInterface, QueryRunner } from "typeorm";

export class MergeDeploymentSourcesAndCountSuccesses1796133138101 implements MigrationInterface {
    name = 'MergeDeploymentSourcesAndCountSuccesses1796133138101'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "deployments"."deployments_external_key"`);
        await queryRunner.query(`CREATE TYPE "deployments"."deployment_source_kind" AS ENUM('GITHUB_DEPLOYMENT', 'WORKFLOW_RUN', 'API')`);
        await queryRunner.query(`CREATE TABLE "deployments"."deployment_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "deployment_id" uuid NOT NULL, "kind" "deployments"."deployment_source_kind" NOT NULL, "reference" text, "key" text, "url" text, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b59221103bb1e1ca56c2aaa7576" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "deployment_sources_deployment" ON "deployments"."deployment_sources"  ("deployment_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "deployment_sources_key" ON "deployments"."deployment_sources"  ("key") WHERE "key" IS NOT NULL`);
        // Written by hand: each deployment's external key becomes its first source, before the column goes.
        await queryRunner.query(`INSERT INTO "deployments"."deployment_sources" ("deployment_id", "kind", "reference", "key", "url", "reported_at")
            SELECT "id", CASE WHEN "external_key" LIKE 'github-deployment:%' THEN 'GITHUB_DEPLOYMENT'
                              WHEN "external_key" LIKE 'github-run:%' THEN 'WORKFLOW_RUN' ELSE 'API' END::"deployments"."deployment_source_kind",
                   substr("external_key", strpos("external_key", ':') + 1), "external_key", "github_run_url", "created_at"
              FROM "deployments"."deployments" WHERE "external_key" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deployments"."deployments" DROP COLUMN "external_key"`);
        await queryRunner.query(`ALTER TABLE "deployments"."incidents" ADD "version" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "deployments"."daily_rollups" ADD "succeeded" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "deployments"."monthly_rollups" ADD "succeeded" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE INDEX "deployments_run_url" ON "deployments"."deployments"  ("github_run_url") WHERE "github_run_url" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "deployments_same_change" ON "deployments"."deployments"  ("service_name", "environment", "commit_sha", "started_at") WHERE "commit_sha" IS NOT NULL`);
        // Written by hand: TypeORM cannot declare a GIN index (the entity names it with synchronize: false).
        await queryRunner.query(`CREATE INDEX "deployments_incidents_services" ON "deployments"."incidents" USING gin ("affected_services")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "deployments"."deployments_incidents_services"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_same_change"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployments_run_url"`);
        await queryRunner.query(`ALTER TABLE "deployments"."monthly_rollups" DROP COLUMN "succeeded"`);
        await queryRunner.query(`ALTER TABLE "deployments"."daily_rollups" DROP COLUMN "succeeded"`);
        await queryRunner.query(`ALTER TABLE "deployments"."incidents" DROP COLUMN "version"`);
        await queryRunner.query(`ALTER TABLE "deployments"."deployments" ADD "external_key" text`);
        await queryRunner.query(`DROP INDEX "deployments"."deployment_sources_key"`);
        await queryRunner.query(`DROP INDEX "deployments"."deployment_sources_deployment"`);
        await queryRunner.query(`DROP TABLE "deployments"."deployment_sources"`);
        await queryRunner.query(`DROP TYPE "deployments"."deployment_source_kind"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "deployments_external_key" ON "deployments"."deployments" USING btree ("external_key") WHERE (external_key IS NOT NULL)`);
    }

}
