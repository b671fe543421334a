import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The end of each firm's chain; its row lock serialises appends for that firm. */
@Entity({ name: 'audit_chain_heads' })
export class AuditChainHead {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'last_seq', type: 'bigint' })
  lastSeq!: string;

  @Column({ name: 'last_hash', type: 'text' })
  lastHash!: string;
}
