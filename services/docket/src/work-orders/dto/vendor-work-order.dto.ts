import { ApiProperty } from '@nestjs/swagger';
import { OUTSOURCING_SCOPES } from '@lawfirm/contracts';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../work-order.rules';

/** The minimum of the matter a vendor needs for its work. */
export class VendorMatterBrief {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-0001' }) number!: string;
  @ApiProperty() title!: string;
}

/** A work order as its vendor sees it: the work, its QC outcome, and the matter's number and title. */
export class VendorWorkOrderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The vendor organisation the order is assigned to.' })
  vendorId!: string;
  @ApiProperty({ type: VendorMatterBrief }) matter!: VendorMatterBrief;
  @ApiProperty({ enum: OUTSOURCING_SCOPES }) workType!: string;
  @ApiProperty() instructions!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Documents the vendor works on.' })
  documentIds!: string[];
  @ApiProperty({ enum: WORK_ORDER_STATUSES }) status!: WorkOrderStatus;
  @ApiProperty({
    description: "The client's outsourcing consent no longer covers the work: nothing is allowed.",
  })
  suspended!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'The reasons of the latest return.' })
  returnReasons!: string[] | null;
  @ApiProperty() returnCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class VendorWorkOrderList {
  @ApiProperty({ type: [VendorWorkOrderView] }) items!: VendorWorkOrderView[];
}
