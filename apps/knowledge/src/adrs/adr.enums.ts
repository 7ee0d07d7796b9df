import { registerEnumType } from '@nestjs/graphql';

export enum AdrStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  DEPRECATED = 'DEPRECATED',
  SUPERSEDED = 'SUPERSEDED',
}

registerEnumType(AdrStatus, { name: 'AdrStatus' });
