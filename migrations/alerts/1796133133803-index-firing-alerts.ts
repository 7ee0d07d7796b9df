import { MigrationInterface, QueryRunner } from "typeorm";

export class IndexFiringAlerts1796133133803 implements MigrationInterface {
    name = 'IndexFiringAlerts1796133133803'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "alerts_firing" ON "alerts"."alerts"  ("severity", "starts_at") WHERE "status" IN ('FIRING', 'SILENCED')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "alerts"."alerts_firing"`);
    }

}
