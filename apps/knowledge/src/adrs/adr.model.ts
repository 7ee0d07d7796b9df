import { ConnectionType } from '@companyos/platform';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AdrStatus } from './adr.enums';

@ObjectType({ description: 'An architecture decision record, synced from ADR_DIR.' })
export class Adr {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'Relative to ADR_DIR.' })
  path: string;

  @Field(() => Int, { nullable: true, description: 'From the file name or the `# N. Title` heading; null for date-named ADRs.' })
  adrNumber: number | null;

  @Field(() => String)
  title: string;

  @Field(() => AdrStatus)
  status: AdrStatus;

  @Field(() => String, { nullable: true, description: 'The status line as written.' })
  statusText: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  date: string | null;

  @Field(() => [String])
  deciders: string[];

  @Field(() => Date, { nullable: true, description: 'Set when the last sync no longer found the file.' })
  removedAt: Date | null;

  supersedesPaths: string[];
  supersededByPaths: string[];
  amendsPaths: string[];
}

@ObjectType()
export class AdrSyncError {
  @Field(() => String)
  path: string;

  @Field(() => String)
  message: string;
}

@ObjectType({ description: 'What one ADR sync did; a bad file is listed in `errors` and never fails the sync.' })
export class AdrSyncResult {
  @Field(() => String)
  directory: string;

  @Field(() => Int, { description: 'Markdown files read.' })
  scanned: number;

  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => Int, { description: 'Known ADRs whose file is gone (kept, marked removedAt).' })
  removed: number;

  @Field(() => [String], { description: 'Templates, READMEs and other files that are not ADRs.' })
  skipped: string[];

  @Field(() => [AdrSyncError])
  errors: AdrSyncError[];

  @Field(() => [AdrSyncError], { description: 'Parsed, with something to know (no status written, a link to no ADR, …).' })
  warnings: AdrSyncError[];
}

export const AdrConnection = ConnectionType(Adr, 'Adr');
