import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class BatesSettingsDto {
  @ApiProperty({ example: 'ACME', pattern: '^[A-Z0-9][A-Z0-9_-]{0,19}$' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,19}$/, { message: 'prefix must be 1-20 capital letters, digits, _ or -' })
  prefix!: string;

  @ApiProperty({ minimum: 1, maximum: 12, example: 6 })
  @IsInt()
  @Min(1)
  @Max(12)
  padding!: number;
}

export class CreateProductionDto {
  @ApiProperty({ maxLength: 200, example: 'Volume 001 — first requests for production' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 10000,
    description: 'Stamped in this order.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'documentIds must each be a UUID' })
  documentIds!: string[];
}
