import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';

export class TimeEntryApprovedV1 {
  static readonly type = 'timekeeping.time-entry.approved';
  @IsUUID() timeEntryId!: string;
  @IsUUID() matterId!: string;
  @IsString() timekeeperId!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) workDate!: string;
  @IsInt() @Min(1) minutes!: number;
  @IsInt() @Min(0) billedTenths!: number;
  @IsString() @MaxLength(4000) narrative!: string;
  @IsBoolean() billable!: boolean;
  @IsISO8601() approvedAt!: string;
  @IsString() approvedBy!: string;
  @IsOptional() @IsBoolean() outsourced?: boolean;
}
