import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { LEDES_1998_FORMATS, type Ledes1998Format } from '../ledes-formats';

const formatMessage = { message: `format must be one of: ${LEDES_1998_FORMATS.join(', ')}` };

export class LedesFormatQuery {
  @ApiProperty({
    enum: LEDES_1998_FORMATS,
    description: 'LEDES 1998B, or 1998BI (international, with tax fields).',
  })
  @IsIn(LEDES_1998_FORMATS, formatMessage)
  format!: Ledes1998Format;
}

export class LedesExportDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 100,
    description: 'Issued invoices, in file order.',
  })
  @IsArray({ message: 'invoiceIds must be a list of invoice ids' })
  @ArrayMinSize(1, { message: 'invoiceIds must name at least one invoice' })
  @ArrayMaxSize(100, { message: 'invoiceIds may name at most 100 invoices' })
  @ArrayUnique({ message: 'invoiceIds must not repeat an invoice' })
  @IsUUID('all', { each: true, message: 'each invoice id must be a UUID' })
  invoiceIds!: string[];

  @ApiProperty({ enum: LEDES_1998_FORMATS })
  @IsIn(LEDES_1998_FORMATS, formatMessage)
  format!: Ledes1998Format;
}
