import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns of alerts.alerts, in table order. */
const COLUMNS = `"id", "seq", "fingerprint", "alert_name", "severity", "status", "service", "labels", "annotations", "starts_at", "ends_at",
  "generator_url", "group_key", "first_received_at", "last_received_at", "receive_count", "acknowledged_by", "acknowledged_at",
  "silenced_until", "resolved_at", "resolved_by", "incident_id"`;

const COLUMN_DEFINITIONS = `"id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" bigint NOT NULL DEFAULT nextval('"alerts"."alerts_seq_seq"'),
  "fingerprint" text NOT NULL, "alert_name" text NOT NULL, "severity" "alerts"."alert_severity" NOT NULL, "status" "alerts"."alert_status" NOT NULL,
  "service" text, "labels" jsonb NOT NULL, "annotations" jsonb NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE,
  "generator_url" text, "group_key" text NOT NULL, "first_received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
  "receive_count" integer NOT NULL DEFAULT '1', "acknowledged_by" text, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "silenced_until" TIMESTAMP WITH TIME ZONE,
  "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" text, "incident_id" uuid`;

/** Monthly partitions made ahead of time by this migration (the alerts app's maintenance job keeps it so). */
const MONTHS_AHEAD = 3;
/** Older history than this goes to the default partition (retention prunes it there). */
const MONTHS_BACK = 24;

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));
const partitionName = (start: Date) => `alerts_y${start.getUTCFullYear()}m${String(start.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * Hand-written (TypeORM does not generate partitioning): alerts.alerts, the
 * history that grows with every firing, becomes a table partitioned by month
 * of starts_at, with a DEFAULT partition so no insert is ever refused. Keys
 * of a partitioned table include the partition key: the primary key becomes
 * (id, starts_at); the identity (fingerprint, starts_at) that makes a repeat
 * notification an update already does; seq keeps its sequence (arrival order
 * continues) with a plain index. Rows are copied over, then the old table goes.
 */
export class PartitionAlertsByMonth1796140000000 implements MigrationInterface {
  name = 'PartitionAlertsByMonth1796140000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE "alerts"."alerts" IN ACCESS EXCLUSIVE MODE`);
    await queryRunner.query(`ALTER TABLE "alerts"."alerts" RENAME TO "alerts_unpartitioned"`);
    for (const index of ['alerts_identity', 'alerts_open_by_service', 'alerts_firing', 'alerts_incident']) {
      await queryRunner.query(`DROP INDEX "alerts"."${index}"`);
    }
    await queryRunner.query(`ALTER TABLE "alerts"."alerts_unpartitioned" RENAME CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" TO "alerts_unpartitioned_pkey"`);
    await queryRunner.query(
      `CREATE TABLE "alerts"."alerts" (${COLUMN_DEFINITIONS}, CONSTRAINT "PK_da2b72569933b4b056f55b1b828" PRIMARY KEY ("id", "starts_at")) PARTITION BY RANGE ("starts_at")`,
    );
    await queryRunner.query(`ALTER SEQUENCE "alerts"."alerts_seq_seq" OWNED BY "alerts"."alerts"."seq"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "alerts_identity" ON "alerts"."alerts" ("fingerprint", "starts_at")`);
    await queryRunner.query(`CREATE INDEX "alerts_seq" ON "alerts"."alerts" ("seq")`);
    await queryRunner.query(`CREATE INDEX "alerts_open_by_service" ON "alerts"."alerts" ("service") WHERE "status" <> 'RESOLVED'`);
    await queryRunner.query(`CREATE INDEX "alerts_firing" ON "alerts"."alerts" ("severity", "starts_at") WHERE "status" IN ('FIRING', 'SILENCED')`);
    await queryRunner.query(`CREATE INDEX "alerts_incident" ON "alerts"."alerts" ("incident_id") WHERE "incident_id" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "alerts"."alerts_default" PARTITION OF "alerts"."alerts" DEFAULT`);

    const [{ oldest }] = await queryRunner.query(`SELECT min("starts_at") AS oldest FROM "alerts"."alerts_unpartitioned"`);
    const now = new Date();
    const earliest = monthStart(now.getUTCFullYear(), now.getUTCMonth() - MONTHS_BACK);
    const first = oldest && new Date(oldest) > earliest ? monthStart(new Date(oldest).getUTCFullYear(), new Date(oldest).getUTCMonth()) : oldest ? earliest : monthStart(now.getUTCFullYear(), now.getUTCMonth());
    const last = monthStart(now.getUTCFullYear(), now.getUTCMonth() + MONTHS_AHEAD);
    for (let start = first; start <= last; start = monthStart(start.getUTCFullYear(), start.getUTCMonth() + 1)) {
      const end = monthStart(start.getUTCFullYear(), start.getUTCMonth() + 1);
      await queryRunner.query(
        `CREATE TABLE "alerts"."${partitionName(start)}" PARTITION OF "alerts"."alerts" FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`,
      );
    }
    await queryRunner.query(`INSERT INTO "alerts"."alerts" (${COLUMNS}) SELECT ${COLUMNS} FROM "alerts"."alerts_unpartitioned"`);
    await queryRunner.query(`DROP TABLE "alerts"."alerts_unpartitioned"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE "alerts"."alerts" IN ACCESS EXCLUSIVE MODE`);
    await queryRunner.query(`ALTER TABLE "alerts"."alerts" RENAME TO "alerts_partitioned"`);
    for (const index of ['alerts_identity', 'alerts_seq', 'alerts_open_by_service', 'alerts_firing', 'alerts_incident']) {
      await queryRunner.query(`ALTER INDEX "alerts"."${index}" RENAME TO "${index}_partitioned"`);
    }
    await queryRunner.query(`ALTER TABLE "alerts"."alerts_partitioned" RENAME CONSTRAINT "PK_da2b72569933b4b056f55b1b828" TO "alerts_partitioned_pkey"`);
    await queryRunner.query(
      `CREATE TABLE "alerts"."alerts" (${COLUMN_DEFINITIONS}, CONSTRAINT "UQ_efac868c013bc4e33257578878e" UNIQUE ("seq"), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER SEQUENCE "alerts"."alerts_seq_seq" OWNED BY "alerts"."alerts"."seq"`);
    await queryRunner.query(`INSERT INTO "alerts"."alerts" (${COLUMNS}) SELECT ${COLUMNS} FROM "alerts"."alerts_partitioned"`);
    await queryRunner.query(`DROP TABLE "alerts"."alerts_partitioned"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "alerts_identity" ON "alerts"."alerts" ("fingerprint", "starts_at")`);
    await queryRunner.query(`CREATE INDEX "alerts_open_by_service" ON "alerts"."alerts" ("service") WHERE "status" <> 'RESOLVED'`);
    await queryRunner.query(`CREATE INDEX "alerts_firing" ON "alerts"."alerts" ("severity", "starts_at") WHERE "status" IN ('FIRING', 'SILENCED')`);
    await queryRunner.query(`CREATE INDEX "alerts_incident" ON "alerts"."alerts" ("incident_id") WHERE "incident_id" IS NOT NULL`);
  }
}
