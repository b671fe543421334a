import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '@lawfirm/auth';
import { LedesValidationView } from './dto/ledes-validation.view';
import { LedesService } from './ledes.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/ledes')
export class LedesController {
  constructor(private readonly ledes: LedesService) {}

  @Post('validate')
  @HttpCode(200)
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({
    summary: 'Check a LEDES 1998B, 1998BI or XML 2.2 file and list every problem with its line and field',
    description:
      'The body is the file itself (text/plain, UTF-8; an XML 2.2 file is recognised by its leading <). A file with problems still answers 200, with `valid: false`; nothing is stored.',
  })
  @ApiConsumes('text/plain')
  @ApiBody({ schema: { type: 'string', example: 'LEDES1998B[]\r\nINVOICE_DATE|INVOICE_NUMBER|...[]\r\n' } })
  @ApiOkResponse({ type: LedesValidationView, description: 'What is wrong with the file, if anything.' })
  validate(@Body() file: string): LedesValidationView {
    return this.ledes.validate(file);
  }
}
