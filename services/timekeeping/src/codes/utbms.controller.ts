import { Controller, Get, Query } from '@nestjs/common';
import { Permit } from '@lawfirm/auth';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { UtbmsCodeService } from './utbms-code.service';
import { UTBMS_CODE_SETS, type UtbmsCodeSet } from './utbms';
import { TIMEKEEPING_POLICY } from '../access-policy';

class UtbmsCodeQuery {
  @ApiPropertyOptional({ enum: UTBMS_CODE_SETS, description: 'One code set; every set when left out.' })
  @IsOptional()
  @IsIn(UTBMS_CODE_SETS, { message: `set must be one of: ${UTBMS_CODE_SETS.join(', ')}` })
  set?: UtbmsCodeSet;
}

export class UtbmsCodeView {
  @ApiProperty({ example: 'L120' }) code!: string;
  @ApiProperty({ example: 'Analysis/Strategy' }) description!: string;
  @ApiProperty({ enum: UTBMS_CODE_SETS }) set!: UtbmsCodeSet;
  @ApiPropertyOptional({
    enum: ['phase', 'task'],
    description: 'Task set only: time is recorded against tasks, phases group them.',
  })
  kind?: 'phase' | 'task';
  @ApiPropertyOptional({ example: 'L100', description: "A task's phase." }) phase?: string;
}

export class UtbmsCodeList {
  @ApiProperty({ type: [UtbmsCodeView] }) items!: UtbmsCodeView[];
}

/** The UTBMS code sets entries and expenses are coded with (reference data, the same for every firm). */
@ApiTags('utbms-codes')
@ApiBearerAuth('bearer')
@Controller('v1/utbms-codes')
export class UtbmsCodeController {
  constructor(private readonly codes: UtbmsCodeService) {}

  @Get()
  @Permit(TIMEKEEPING_POLICY, 'utbms-code.read')
  @ApiOperation({ summary: 'Lists the UTBMS task, activity and expense codes' })
  @ApiOkResponse({
    type: UtbmsCodeList,
    description: 'Litigation task codes (L100–L500), activity codes (A101–A111), expense codes (E101–E124).',
  })
  list(@Query() query: UtbmsCodeQuery): UtbmsCodeList {
    return { items: this.codes.list(query.set).map((code) => ({ ...code })) };
  }
}
