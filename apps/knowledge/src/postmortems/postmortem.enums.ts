import { registerEnumType } from '@nestjs/graphql';

export enum PostmortemStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  PUBLISHED = 'PUBLISHED',
}

registerEnumType(PostmortemStatus, {
  name: 'PostmortemStatus',
  description: 'DRAFT → IN_REVIEW → PUBLISHED (a draft may be published directly; review may send it back to DRAFT). A published postmortem is frozen.',
});
