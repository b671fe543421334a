import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { DOCUMENT_POLICY } from '../access-policy';
import { DocumentView } from '../documents/documents.service';
import { GenerateDocumentDto } from './dto/template.dto';
import { TemplatesService } from './templates.service';

const matterId = new ResourceIdPipe('matter');

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller('v1/matters/:matterId/generated-documents')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Post()
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'document.upload')
  @ApiOperation({
    summary:
      "Generates a PDF from a firm template with the matter's fields merged and files it as a new document",
  })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiProblemResponse(
    400,
    'an invalid body, a template that is not plain text, an unknown {{field}}, or a fields.<name> the template needs and was not given.',
  )
  @ApiProblemResponse(404, 'matter or template document not found.')
  @ApiProblemResponse(409, 'matter_closed.')
  generate(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Body() body: GenerateDocumentDto,
    @Req() request: FastifyRequest,
  ): Promise<DocumentView> {
    return this.templates.generate(
      actor,
      { requestId: request.id, clientAddress: request.ip ?? null },
      id,
      body,
    );
  }
}
