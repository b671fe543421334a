import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ReasonDto {
  @ApiProperty({
    maxLength: 1000,
    example: 'Litigation hold: Acme v. Widget, preservation letter of 2026-11-02',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class HoldView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() placedBy!: string;
  @ApiProperty({ format: 'date-time' }) placedAt!: string;
  @ApiProperty({ nullable: true, type: String }) releasedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) releasedAt!: string | null;
}

export class HoldList {
  @ApiProperty({ type: [HoldView] }) items!: HoldView[];
}
