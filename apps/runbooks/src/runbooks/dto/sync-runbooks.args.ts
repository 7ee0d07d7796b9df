import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export const MAX_POSTED_YAML_CHARS = 5 * 1024 * 1024;

@ArgsType()
export class SyncRunbooksArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'YAML runbooks (one or many documents separated by ---) to create or update, keyed by each document\'s `path` (else its title); a posted body never retires. Without it, RUNBOOKS_DIR is synced.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_POSTED_YAML_CHARS)
  yaml?: string;
}
