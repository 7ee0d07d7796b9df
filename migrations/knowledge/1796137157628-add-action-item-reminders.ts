import { MigrationInterface, QueryRunner } from "typeorm";

export class AddActionItemReminders1796137157628 implements MigrationInterface {
    name = 'AddActionItemReminders1796137157628'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "knowledge"."action_item_reminders" ("action_item_id" uuid NOT NULL, "day" date NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc5936bd20560eafd382960a8e9" PRIMARY KEY ("action_item_id", "day"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "knowledge"."action_item_reminders"`);
    }

}
