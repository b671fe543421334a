import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  type ApiBodyOptions,
  ApiConsumes,
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
import type { RequestOrigin } from '../custody/custody.service';
import {
  ContentQuery,
  CreateFolderDto,
  DestroyDto,
  DocumentListQuery,
  UploadQuery,
} from './dto/document.dto';
import {
  DestructionList,
  DestructionView,
  DocumentPage,
  DocumentView,
  FirmKeyRotationView,
  FolderList,
  FolderView,
  VersionList,
} from './dto/document.view';
import { DocumentsService } from './documents.service';
import { uploadBodyOf } from './upload-body';

const matterId = new ResourceIdPipe('matter');
const documentId = new ResourceIdPipe('document');

const originOf = (request: FastifyRequest): RequestOrigin => ({
  requestId: request.id,
  clientAddress: request.ip ?? null,
});

const FILE_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: 'The file, streamed.' } },
  },
};

const UPLOAD_400 =
  'file_required (no multipart part named file, or more than one file), file_too_large, or an invalid query.';

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller('v1/matters/:matterId')
export class MatterDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('folders')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'folder.create')
  @ApiOperation({ summary: "Creates a folder in a matter's documents (at the top level or in a folder)" })
  @ApiCreatedResponse({ type: FolderView })
  @ApiProblemResponse(404, 'matter or parent folder not found.')
  @ApiProblemResponse(409, 'folder_exists (the matter has a folder at that path) or matter_closed.')
  createFolder(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Body() body: CreateFolderDto,
  ): Promise<FolderView> {
    return this.documents.createFolder(actor, id, body);
  }

  @Get('folders')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: "Lists a matter's folders by path" })
  @ApiOkResponse({ type: FolderList })
  @ApiProblemResponse(404, 'matter not found.')
  async folders(@CurrentActor() actor: Actor, @Param('matterId', matterId) id: string): Promise<FolderList> {
    return { items: await this.documents.folders(actor, id) };
  }

  @Post('documents')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'document.upload')
  @ApiOperation({
    summary:
      'Uploads a file as a new document of the matter (multipart/form-data, part "file"; streamed, encrypted at rest)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ type: DocumentView })
  @ApiProblemResponse(400, UPLOAD_400)
  @ApiProblemResponse(404, 'matter or folder not found.')
  @ApiProblemResponse(409, 'matter_closed.')
  upload(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Query() query: UploadQuery,
    @Req() request: FastifyRequest,
  ): Promise<DocumentView> {
    return this.documents.upload(actor, originOf(request), id, query, {
      headers: request.headers,
      body: uploadBodyOf(request),
    });
  }

  @Get('destructions')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: "Lists the matter's destruction register (what, when, by whom, why)" })
  @ApiOkResponse({ type: DestructionList })
  @ApiProblemResponse(404, 'matter not found.')
  async destructions(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
  ): Promise<DestructionList> {
    return { items: await this.documents.destructions(actor, id) };
  }

  @Get('documents')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: "Lists a matter's documents with their current versions, newest first" })
  @ApiOkResponse({ type: DocumentPage })
  @ApiProblemResponse(404, 'matter or folder not found.')
  list(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Query() query: DocumentListQuery,
  ): Promise<DocumentPage> {
    return this.documents.list(actor, id, query.folderId, query.limit, query.cursor);
  }
}

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller('v1/documents/:documentId')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: 'Gets a document and its current version (recorded on its custody log)' })
  @ApiOkResponse({ type: DocumentView })
  @ApiProblemResponse(404, 'document not found.')
  get(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Req() request: FastifyRequest,
  ): Promise<DocumentView> {
    return this.documents.get(actor, originOf(request), id);
  }

  @Post('versions')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'document.upload')
  @ApiOperation({
    summary:
      'Uploads a new version of a document (multipart/form-data, part "file"); earlier versions are kept',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ type: DocumentView })
  @ApiProblemResponse(400, UPLOAD_400)
  @ApiProblemResponse(404, 'document not found.')
  @ApiProblemResponse(409, 'matter_closed.')
  addVersion(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Req() request: FastifyRequest,
  ): Promise<DocumentView> {
    return this.documents.addVersion(actor, originOf(request), id, {
      headers: request.headers,
      body: uploadBodyOf(request),
    });
  }

  @Post('destruction')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'document.destroy')
  @ApiOperation({ summary: 'Destroys a document (all versions), unless its matter is under legal hold' })
  @ApiCreatedResponse({ type: DestructionView })
  @ApiProblemResponse(404, 'document not found.')
  @ApiProblemResponse(409, 'document_under_hold (the attempt is recorded and audited).')
  destroy(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Body() body: DestroyDto,
    @Req() request: FastifyRequest,
  ): Promise<DestructionView> {
    return this.documents.destroy(actor, originOf(request), id, body.reason);
  }

  @Get('versions')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: 'Lists every version of a document, oldest first (recorded on its custody log)' })
  @ApiOkResponse({ type: VersionList })
  @ApiProblemResponse(404, 'document not found.')
  async versions(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Req() request: FastifyRequest,
  ): Promise<VersionList> {
    return { items: await this.documents.versions(actor, originOf(request), id) };
  }

  @Get('content')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({
    summary:
      "Downloads a version's content, streamed after its GCM tag, SHA-256 and size are verified (recorded on its custody log)",
  })
  // Any media type: the answer carries the type sniffed at upload (text/plain, application/pdf, …).
  @ApiProduces('*/*')
  @ApiOkResponse({
    description: 'The file, with its sniffed media type.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblemResponse(404, 'document or version not found.')
  @ApiProblemResponse(
    409,
    'document_integrity_failed (the stored blob was altered; the attempt is recorded).',
  )
  async content(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Query() query: ContentQuery,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    const file = await this.documents.download(actor, originOf(request), id, query.version);
    return new StreamableFile(file.content, {
      type: file.mediaType,
      length: file.sizeBytes,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }
}

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller('v1/document-keys')
export class FirmKeysController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('rotation')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'firm-key.rotate')
  @ApiOperation({
    summary: "Rotates the firm's document key: every data key is re-wrapped, no content re-encrypted",
  })
  @ApiCreatedResponse({ type: FirmKeyRotationView })
  rotate(@CurrentActor() actor: Actor): Promise<FirmKeyRotationView> {
    return this.documents.rotateFirmKey(actor);
  }
}
