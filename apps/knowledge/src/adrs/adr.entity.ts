import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AdrStatus } from './adr.enums';

/** An architecture decision record as last synced from ADR_DIR, keyed by its path (numbers repeat in real repositories). */
@Entity({ schema: 'knowledge', name: 'adrs' })
export class AdrEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Relative to ADR_DIR, `/`-separated. */
  @Column({ type: 'text', unique: true })
  path: string;

  @Index()
  @Column({ type: 'integer', nullable: true })
  number: number | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: AdrStatus, enumName: 'adr_status' })
  status: AdrStatus;

  @Column({ type: 'text', nullable: true })
  statusText: string | null;

  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  deciders: string[];

  /** Paths of the ADRs this one supersedes (as written here, or as they say of themselves). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  supersedesPaths: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  supersededByPaths: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  amendsPaths: string[];

  /** SHA-256 of the file as last read: an unchanged file is not rewritten. */
  @Column({ type: 'text' })
  contentHash: string;

  /** When a sync no longer found the file (kept, so links to it stay; listed only when asked). */
  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
