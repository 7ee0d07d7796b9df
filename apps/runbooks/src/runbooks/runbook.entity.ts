import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RunbookStep } from './runbook-file.rules';

/**
 * A runbook of the catalog, as last synced from its YAML file (or posted
 * document). Identity is the path; a retired runbook keeps its row and its
 * executions, and is hidden from suggestions.
 */
@Entity({ schema: 'runbooks', name: 'runbooks' })
export class RunbookEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Creation order: lists page on it. */
  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  /** The file's path under RUNBOOKS_DIR (`subgraph-down.yaml`), or the posted document's `path`. */
  @Column({ type: 'text', unique: true })
  path: string;

  /** `directory` (RUNBOOKS_DIR) or `posted` (a YAML body): only directory runbooks are retired when their file is gone. */
  @Column({ type: 'text' })
  source: 'directory' | 'posted';

  /** SHA-256 of what the runbook says; a sync with the same hash changes nothing. */
  @Column({ type: 'text' })
  contentHash: string;

  /** 1 at creation, +1 on every change of content or return from retirement. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'integer', nullable: true })
  estimatedDurationSeconds: number | null;

  @Column({ type: 'text', array: true })
  services: string[];

  /** Alert names (`alertname`) the runbook handles. */
  @Column({ type: 'text', array: true })
  alerts: string[];

  @Column({ type: 'text', nullable: true })
  owner: string | null;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'jsonb' })
  steps: RunbookStep[];

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
