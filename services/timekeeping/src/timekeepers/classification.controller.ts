import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  type PipeTransform,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { NotFoundError } from '@lawfirm/errors';
import { ClassificationService } from './classification.service';
import {
  BulkRegisterClassificationsDto,
  BulkRegisterResult,
  ClassificationList,
  ClassificationListQuery,
  ClassificationView,
  CreateClassificationDto,
  UpdateClassificationDto,
} from './dto/classification.dto';
import { TIMEKEEPING_POLICY } from '../access-policy';

/** A path code that cannot be a classification is simply not found. */
class ClassificationCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z][A-Za-z0-9]{1,5}$/.test(value)) throw new NotFoundError('classification', value);
    return value.toUpperCase();
  }
}
const classificationCode = new ClassificationCodePipe();

@ApiTags('timekeepers')
@ApiBearerAuth('bearer')
@Controller('v1/timekeeper-classifications')
export class ClassificationController {
  constructor(private readonly classifications: ClassificationService) {}

  @Get()
  @Permit(TIMEKEEPING_POLICY, 'classification.read')
  @ApiOperation({ summary: 'Lists the built-in and firm-registered timekeeper classifications' })
  @ApiOkResponse({
    type: ClassificationList,
    description: 'The six LEDES codes (built in), then the codes this firm registered.',
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ClassificationListQuery,
  ): Promise<ClassificationList> {
    return { items: await this.classifications.list(actor, query.active) };
  }

  @Get(':code')
  @Permit(TIMEKEEPING_POLICY, 'classification.read')
  @ApiOperation({ summary: 'Gets a timekeeper classification' })
  @ApiOkResponse({ type: ClassificationView })
  get(
    @CurrentActor() actor: Actor,
    @Param('code', classificationCode) code: string,
  ): Promise<ClassificationView> {
    return this.classifications.get(actor, code);
  }

  @Post()
  @Permit(TIMEKEEPING_POLICY, 'classification.manage')
  @ApiOperation({ summary: 'Registers a firm timekeeper classification' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: ClassificationView })
  @ApiConflictResponse({ description: '`classification_taken`: the firm already has this code.' })
  @ApiUnprocessableEntityResponse({ description: '`classification_built_in`: one of the six LEDES codes.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateClassificationDto): Promise<ClassificationView> {
    return this.classifications.create(actor, body);
  }

  @Post('bulk-register')
  @Permit(TIMEKEEPING_POLICY, 'classification.manage')
  @ApiOperation({ summary: 'Registers a list of firm classifications, all or nothing' })
  @HttpCode(200)
  @ApiOkResponse({
    type: BulkRegisterResult,
    description:
      'Registers up to 200 codes at once (e.g. the LOC revised classifications your clients use), all or nothing. ' +
      'Codes the firm has get the given label and description; running the same list again changes nothing.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      '`classification_bulk_refused`: a built-in code, a code listed twice, or a registered code with another ledesCode (each named by `items.<i>.<field>`); nothing changed.',
  })
  bulkRegister(
    @CurrentActor() actor: Actor,
    @Body() body: BulkRegisterClassificationsDto,
  ): Promise<BulkRegisterResult> {
    return this.classifications.bulkRegister(actor, body);
  }

  @Patch(':code')
  @Permit(TIMEKEEPING_POLICY, 'classification.manage')
  @ApiOperation({ summary: 'Edits or retires a firm classification' })
  @ApiOkResponse({ type: ClassificationView })
  @ApiUnprocessableEntityResponse({
    description: '`classification_built_in`: the six LEDES codes are not edited.',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('code', classificationCode) code: string,
    @Body() body: UpdateClassificationDto,
  ): Promise<ClassificationView> {
    return this.classifications.update(actor, code, body);
  }
}
