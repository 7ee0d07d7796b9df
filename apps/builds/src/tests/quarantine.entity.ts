import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { TestCaseEntity } from './test-case.entity';

/** A test CI should skip or ignore until `until` (a new quarantine of the same test replaces it). */
@Entity({ schema: 'builds', name: 'quarantines' })
export class QuarantineEntity {
  @PrimaryColumn({ type: 'bigint' })
  testId: string;

  @OneToOne(() => TestCaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'test_id' })
  test?: TestCaseEntity;

  @Column({ type: 'text' })
  owner: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz' })
  until: Date;

  @Column({ type: 'text' })
  quarantinedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
