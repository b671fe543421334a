import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import type { PartyRole, PartyType } from './party.types';

/** Who appears in which matter in what role (the matter's own client included, as `client`). */
@Entity({ name: 'matter_parties' })
@Check(
  'matter_parties_role_check',
  `role IN ('client', 'adverse-party', 'opposing-counsel', 'co-party', 'witness', 'related-party')`,
)
@Check('matter_parties_party_type_check', `party_type IN ('client', 'entity')`)
@Unique('matter_parties_firm_id_matter_id_role_party_type_party_id_key', [
  'firmId',
  'matterId',
  'role',
  'partyType',
  'partyId',
])
@Index('matter_parties_party', ['firmId', 'partyId'])
// The foreign key names the table, not the Matter entity: parties must not reach into the matters feature.
@ForeignKey('matters', ['firmId', 'matterId'], ['firmId', 'id'], {
  name: 'matter_parties_firm_id_matter_id_fkey',
})
export class MatterPartyRow {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  role!: PartyRole;

  @Column({ name: 'party_type', type: 'text' })
  partyType!: PartyType;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
