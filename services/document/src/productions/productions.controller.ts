import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { DOCUMENT_POLICY } from '../access-policy';
import { BatesSettingsDto, CreateProductionDto } from './dto/production.dto';
import { BatesSettingsView, ProductionView } from './dto/production.view';
import { ProductionsService } from './productions.service';

const matterId = new ResourceIdPipe('matter');
const productionId = new ResourceIdPipe('production');

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller()
export class ProductionsController {
  constructor(private readonly productions: ProductionsService) {}

  @Put('v1/matters/:matterId/bates')
  @Permit(DOCUMENT_POLICY, 'production.create')
  @ApiOperation({
    summary: "Sets a matter's Bates prefix and zero padding (numbering continues where it was)",
  })
  @ApiOkResponse({ type: BatesSettingsView })
  @ApiProblemResponse(404, 'matter not found.')
  configure(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Body() body: BatesSettingsDto,
  ): Promise<BatesSettingsView> {
    return this.productions.configure(actor, id, body);
  }

  @Post('v1/matters/:matterId/productions')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'production.create')
  @ApiOperation({
    summary: "Produces documents' current versions with consecutive Bates numbers, all or none",
  })
  @ApiCreatedResponse({ type: ProductionView })
  @ApiProblemResponse(404, 'matter not found.')
  @ApiProblemResponse(409, 'bates_not_configured.')
  produce(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Body() body: CreateProductionDto,
    @Req() request: FastifyRequest,
  ): Promise<ProductionView> {
    return this.productions.produce(
      actor,
      { requestId: request.id, clientAddress: request.ip ?? null },
      id,
      body,
    );
  }

  @Get('v1/productions/:productionId/load-files.zip')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({
    summary:
      'Exports a production as a ZIP: Concordance DAT and Opticon OPT load files and each native file named by its Bates number',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description:
      '`<name>.dat` (þ-quoted fields separated by U+0014, UTF-8 with BOM), `<name>.opt`, and `NATIVES/<Bates>.<ext>`.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblemResponse(404, 'production not found.')
  @ApiProblemResponse(409, 'document_integrity_failed (a version key does not open).')
  async loadFiles(
    @CurrentActor() actor: Actor,
    @Param('productionId', productionId) id: string,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    const { fileName, archive } = await this.productions.loadFiles(
      actor,
      { requestId: request.id, clientAddress: request.ip ?? null },
      id,
    );
    return new StreamableFile(archive, {
      type: 'application/zip',
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    });
  }

  @Get('v1/productions/:productionId')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: 'Gets a production with each document version and its Bates range' })
  @ApiOkResponse({ type: ProductionView })
  @ApiProblemResponse(404, 'production not found.')
  get(
    @CurrentActor() actor: Actor,
    @Param('productionId', productionId) id: string,
  ): Promise<ProductionView> {
    return this.productions.get(actor, id);
  }
}
