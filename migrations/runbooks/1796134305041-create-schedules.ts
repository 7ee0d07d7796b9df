import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateSchedules1796134305041 implements MigrationInterface {
    name = 'CreateSchedules1796134305041'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "runbooks"."schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "services" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_758daa8476fd77ea422efacf7b9" UNIQUE ("name"), CONSTRAINT "PK_7e33fc2ea755a5765e3564e66dd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "runbooks"."schedule_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "layers" jsonb NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a4cc5e89e78179a0274971391f8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "schedule_versions_effective" ON "runbooks"."schedule_versions"  ("schedule_id", "effective_from") `);
        await queryRunner.query(`CREATE TABLE "runbooks"."schedule_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "user" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3dbce7def463776f208fd5d430a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "schedule_overrides_by_schedule" ON "runbooks"."schedule_overrides"  ("schedule_id", "ends_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "runbooks"."schedule_overrides_by_schedule"`);
        await queryRunner.query(`DROP TABLE "runbooks"."schedule_overrides"`);
        await queryRunner.query(`DROP INDEX "runbooks"."schedule_versions_effective"`);
        await queryRunner.query(`DROP TABLE "runbooks"."schedule_versions"`);
        await queryRunner.query(`DROP TABLE "runbooks"."schedules"`);
    }

}
