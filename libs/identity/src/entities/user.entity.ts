import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum Locale {
  Nl = 'nl',
  En = 'en',
}

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', name: 'password_hash' })
  passwordHash: string;

  @Column({ type: 'text', name: 'display_name' })
  displayName: string;

  @Column({ type: 'text', default: Locale.Nl })
  locale: Locale;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** A platform operator (not a tenant role): may open the queue dashboard, which spans every HDS. */
  @Column({ type: 'boolean', default: false })
  operator: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
