import type { AccessRole } from '@companyos/contracts';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An API token. The token itself is shown once, when it is created; only its
 * SHA-256 is kept, with its first characters for telling tokens apart.
 */
@Entity({ schema: 'access', name: 'api_tokens' })
@Index('api_tokens_token_hash', ['tokenHash'], { unique: true })
@Check('api_tokens_role', `"role" IN ('viewer', 'responder', 'admin')`)
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: AccessRole;

  /** SHA-256 of the whole token, hex. */
  @Column({ type: 'text' })
  tokenHash: string;

  /** The token's first 12 characters (`cos_` and 8 more), for display. */
  @Column({ type: 'text' })
  tokenPrefix: string;

  /** The principal who created it (`alice@example.com`, `cli:root`). */
  @Column({ type: 'text' })
  createdBy: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedBy: string | null;

  /** The last successful verification, to within a minute. */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
