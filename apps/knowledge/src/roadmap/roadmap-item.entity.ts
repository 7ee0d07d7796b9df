import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RoadmapItemKind, RoadmapStatus } from './roadmap.enums';

/** An epic or story of the roadmap, synced from backlog.json by its backlog id; status and progress are kept here. */
@Entity({ schema: 'knowledge', name: 'roadmap_items' })
export class RoadmapItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The backlog's id (`E-001`, a story's id): unique across the roadmap. */
  @Column({ type: 'text', unique: true })
  key: string;

  @Column({ type: 'enum', enum: RoadmapItemKind, enumName: 'roadmap_item_kind' })
  kind: RoadmapItemKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  /** Order within the backlog (epics, and stories within their epic). */
  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  priority: string | null;

  @Column({ type: 'text', nullable: true })
  owner: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  dependsOn: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  acceptanceCriteria: string[];

  @Column({ type: 'enum', enum: RoadmapStatus, enumName: 'roadmap_status', default: RoadmapStatus.PLANNED })
  status: RoadmapStatus;

  @Column({ type: 'integer', default: 0 })
  progressPercentage: number;

  @Column({ type: 'text', nullable: true })
  githubMilestoneUrl: string | null;

  /** The linked milestone's `updated_at` whose issue counts set the progress (null until GitHub sent one). */
  @Column({ type: 'timestamptz', nullable: true })
  milestoneUpdatedAt: Date | null;

  /** When a sync no longer found it in the backlog (kept with its links; listed only when asked). */
  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A roadmap item's related ADRs. */
@Entity({ schema: 'knowledge', name: 'roadmap_item_adrs' })
export class RoadmapItemAdrEntity {
  @PrimaryColumn({ type: 'uuid' })
  roadmapItemId: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  adrId: string;
}
