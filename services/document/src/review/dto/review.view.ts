import { ApiProperty } from '@nestjs/swagger';
import { CONFIDENTIALITY, PRIVILEGE_TREATMENTS, PRIVILEGE_TYPES, RELEVANCE } from '../review.rules';

export class ReviewView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ enum: RELEVANCE, nullable: true }) relevance!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) responsive!: boolean | null;
  @ApiProperty({ enum: PRIVILEGE_TYPES, isArray: true }) privilegeTypes!: string[];
  @ApiProperty({ enum: PRIVILEGE_TREATMENTS, nullable: true }) privilegeTreatment!: string | null;
  @ApiProperty({ nullable: true, type: String }) privilegeDescription!: string | null;
  @ApiProperty({ nullable: true, type: String }) author!: string | null;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) documentDate!: string | null;
  @ApiProperty({ enum: CONFIDENTIALITY, nullable: true }) confidentiality!: string | null;
  @ApiProperty({ type: [String] }) issueCodes!: string[];
  @ApiProperty() reviewedBy!: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
}

export class BulkReviewView {
  @ApiProperty({ minimum: 1 }) coded!: number;
}
