import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An emergency override of the release gate: who, why, and which blocking rules it overrode. Append-only. */
@Entity({ schema: 'deployments', name: 'release_gate_overrides' })
@Index('release_gate_overrides_service', ['serviceName', 'createdAt'])
export class ReleaseGateOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  serviceName: string;

  @Column({ type: 'text' })
  environment: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  overriddenBy: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', array: true })
  overriddenRules: string[];

  /** The whole decision as returned, violations included. */
  @Column({ type: 'jsonb' })
  decision: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
