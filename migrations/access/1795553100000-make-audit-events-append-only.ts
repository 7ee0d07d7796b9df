import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written (TypeORM does not model triggers): the audit trail can be added to, never changed.
// UPDATE and DELETE are refused row by row, TRUNCATE by a statement trigger; the message names the table.
export class MakeAuditEventsAppendOnly1795553100000 implements MigrationInterface {
  name = 'MakeAuditEventsAppendOnly1795553100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "access"."audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP;
END
$$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "access"."audit_events" FOR EACH ROW EXECUTE FUNCTION "access"."audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "access"."audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "access"."audit_events_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "access"."audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_update_or_delete" ON "access"."audit_events"`);
    await queryRunner.query(`DROP FUNCTION "access"."audit_events_append_only"()`);
  }
}
