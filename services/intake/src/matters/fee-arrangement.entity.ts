import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { FeeArrangementDto, FeeType } from './dto/fee-arrangement.dto';
import { Matter } from './matter.entity';

/** A matter's fee arrangement (Rule 1.5(c)); `terms` keeps it as it was agreed, parts and all. */
@Entity({ name: 'fee_arrangements' })
@Check('fee_arrangements_type_check', `type IN ('hourly', 'flat', 'contingency', 'hybrid')`)
@ForeignKey(() => Matter, ['firmId', 'matterId'], ['firmId', 'id'], {
  name: 'fee_arrangements_firm_id_matter_id_fkey',
})
export class FeeArrangement {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  type!: FeeType;

  @Column({ type: 'jsonb' })
  terms!: FeeArrangementDto;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
