import type { AccessRole, AuditOutcome, CredentialKind } from '@companyos/contracts';
import { Check, Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * One line of the audit trail (an AuditRecord as its producer wrote it).
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ schema: 'access', name: 'audit_events' })
@Index('audit_events_newest', ['occurredAt', 'seq'])
@Index('audit_events_by_principal', ['principalId', 'occurredAt', 'seq'])
@Check('audit_events_outcome', `"outcome" IN ('ALLOWED', 'DENIED', 'FAILED')`)
@Check('audit_events_role', `"role" IN ('viewer', 'responder', 'admin')`)
export class AuditEventEntity {
  /** Chosen by the producer, so a retried delivery is a no-op. */
  @PrimaryColumn('uuid')
  id: string;

  /** Arrival order: breaks ties between records of the same instant, and is the audit log's cursor. */
  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text', nullable: true })
  principalId: string | null;

  @Column({ type: 'text', nullable: true })
  principalName: string | null;

  @Column({ type: 'text', nullable: true })
  role: AccessRole | null;

  @Column({ type: 'text', nullable: true })
  via: CredentialKind | null;

  @Column({ type: 'text', nullable: true })
  clientIp: string | null;

  /** `mutation createIncident`, `POST /api/companyos/deployments`, `cli create-api-token`, … */
  @Column({ type: 'text' })
  operation: string;

  @Column({ type: 'text', array: true })
  fields: string[];

  @Column({ type: 'text', array: true })
  targetIds: string[];

  @Column({ type: 'text' })
  outcome: AuditOutcome;

  @Column({ type: 'text', nullable: true })
  code: string | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
