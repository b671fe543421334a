import { ApiProperty } from '@nestjs/swagger';
import { LEDES_EXPORT_FORMATS } from '../ledes-formats';

export class LedesProblemView {
  @ApiProperty({
    description: 'Line of the file, 1-based (the format line is 1, the field names 2).',
    example: 4,
  })
  line!: number;
  @ApiProperty({
    description: "The LEDES field name, or 'format', 'header', 'line' for the record itself.",
    example: 'LINE_ITEM_TOTAL',
  })
  field!: string;
  @ApiProperty({ example: '1232.00 is not units × unit cost + adjustment (1116.50)' })
  message!: string;
}

export class LedesValidationView {
  @ApiProperty({ description: 'True when no problem was found.' })
  valid!: boolean;
  @ApiProperty({
    enum: LEDES_EXPORT_FORMATS,
    required: false,
    description: 'The format the file declares or whose field names it has.',
  })
  format?: string;
  @ApiProperty({ type: [LedesProblemView], description: 'Every problem found, by line.' })
  problems!: LedesProblemView[];
}
