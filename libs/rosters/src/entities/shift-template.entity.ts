import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PostEntity } from './post.entity.js';
import { Qualification } from './gp.entity.js';

export interface TemplateDays {
  weekdays: boolean;
  saturday: boolean;
  sunday: boolean;
  holidays: boolean;
}

/** A dienstsoort of a post: code, role, local start and end, which days, how many GPs. */
@Entity('shift_templates')
@Index(['postId', 'code'], { unique: true })
export class ShiftTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'post_id' })
  postId: string;

  @ManyToOne(() => PostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<PostEntity>;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text', default: '' })
  name: string;

  @Column({ type: 'text' })
  role: Qualification;

  /** 'HH:mm' local; an end at or before the start means the next day ('24:00' allowed). */
  @Column({ type: 'text', name: 'start_time' })
  startTime: string;

  @Column({ type: 'text', name: 'end_time' })
  endTime: string;

  @Column({ type: 'jsonb' })
  days: TemplateDays;

  @Column({ type: 'int' })
  required: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
