import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PostmortemStatus } from './postmortem.enums';

/** One entry of a postmortem's timeline (stored as JSON). */
export interface TimelineEntryRecord {
  at: string;
  kind: string;
  description: string;
}

/** Went well / went wrong / got lucky (stored as JSON). */
export interface LessonsRecord {
  wentWell: string[];
  wentWrong: string[];
  gotLucky: string[];
}

/** A postmortem of one incident (at most one per incident). */
@Entity({ schema: 'knowledge', name: 'postmortems' })
export class PostmortemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Order of creation: the list's sort key and cursor. */
  @Column({ type: 'bigint', unique: true })
  @Generated('increment')
  seq: string;

  @Column({ type: 'uuid', unique: true })
  incidentId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: PostmortemStatus, enumName: 'postmortem_status', default: PostmortemStatus.DRAFT })
  status: PostmortemStatus;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  impact: string | null;

  @Column({ type: 'text', nullable: true })
  rootCauseAnalysis: string | null;

  /** In order of weight, as the authors ranked them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  contributingFactors: string[];

  @Column({ type: 'text', nullable: true })
  trigger: string | null;

  @Column({ type: 'text', nullable: true })
  detection: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /** The seed's flat list of lessons. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  lessonsLearned: string[];

  @Column({ type: 'jsonb' })
  lessons: LessonsRecord;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  timeline: TimelineEntryRecord[];

  /** Drafted by the platform when the incident resolved, rather than written by a person. */
  @Column({ type: 'boolean', default: false })
  autoDrafted: boolean;

  @Column({ type: 'text' })
  createdBy: string;

  /** When a person last changed it (null: as drafted; an unedited auto-draft follows later incident events). */
  @Column({ type: 'timestamptz', nullable: true })
  lastEditedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  publishedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
