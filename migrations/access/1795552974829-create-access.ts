import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAccess1795552974829 implements MigrationInterface {
    name = 'CreateAccess1795552974829'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "access"."api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "role" text NOT NULL, "token_hash" text NOT NULL, "token_prefix" text NOT NULL, "created_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" text, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_tokens_role" CHECK ("role" IN ('viewer', 'responder', 'admin')), CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_tokens_token_hash" ON "access"."api_tokens"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "access"."audit_events" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "principal_id" text, "principal_name" text, "role" text, "via" text, "client_ip" text, "operation" text NOT NULL, "fields" text array NOT NULL, "target_ids" text array NOT NULL, "outcome" text NOT NULL, "code" text, "detail" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_6e299f5706e715265416fefe53e" UNIQUE ("seq"), CONSTRAINT "audit_events_role" CHECK ("role" IN ('viewer', 'responder', 'admin')), CONSTRAINT "audit_events_outcome" CHECK ("outcome" IN ('ALLOWED', 'DENIED', 'FAILED')), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_events_by_principal" ON "access"."audit_events"  ("principal_id", "occurred_at", "seq") `);
        await queryRunner.query(`CREATE INDEX "audit_events_newest" ON "access"."audit_events"  ("occurred_at", "seq") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "access"."audit_events_newest"`);
        await queryRunner.query(`DROP INDEX "access"."audit_events_by_principal"`);
        await queryRunner.query(`DROP TABLE "access"."audit_events"`);
        await queryRunner.query(`DROP INDEX "access"."api_tokens_token_hash"`);
        await queryRunner.query(`DROP TABLE "access"."api_tokens"`);
    }

}
