import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { LEDES_EXPORT_FORMATS, type LedesExportFormat } from '../ledes-formats';

const formatMessage = { message: `format must be one of: ${LEDES_EXPORT_FORMATS.join(', ')}` };

export class LedesFormatQuery {
  @ApiProperty({
    enum: LEDES_EXPORT_FORMATS,
    description: 'LEDES 1998B, 1998BI (international, with tax fields) or LEDES XML E-Billing 2.2.',
  })
  @IsIn(LEDES_EXPORT_FORMATS, formatMessage)
  format!: LedesExportFormat;
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

  @ApiProperty({ enum: LEDES_EXPORT_FORMATS })
  @IsIn(LEDES_EXPORT_FORMATS, formatMessage)
  format!: LedesExportFormat;
}
