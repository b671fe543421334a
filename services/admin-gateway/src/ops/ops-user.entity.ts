import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A member of the platform's operations team. Belongs to no firm. */
@Entity({ name: 'ops_users' })
@Unique('ops_users_email_key', ['email'])
export class OpsUser {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
