import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A day a firm declared the clerk's office of a court calendar closed or inaccessible (FRCP 6(a)(3)). */
@Entity({ name: 'court_closures' })
@Index('court_closures_firm_day', ['firmId', 'calendarId', 'closedOn'], { unique: true })
export class CourtClosure {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'calendar_id', type: 'text' })
  calendarId!: string;

  @Column({ name: 'closed_on', type: 'date' })
  closedOn!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
