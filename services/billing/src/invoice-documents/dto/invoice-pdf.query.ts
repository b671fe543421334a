import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';

const GROUPINGS = ['timekeeper', 'task'] as const;

export class InvoicePdfQuery {
  @ApiPropertyOptional({
    enum: GROUPINGS,
    default: 'timekeeper',
    description: 'Fee lines grouped by timekeeper or by UTBMS task.',
  })
  @IsOptionalNotNull()
  @IsIn(GROUPINGS, { message: 'groupBy must be timekeeper or task' })
  groupBy?: (typeof GROUPINGS)[number];
}
