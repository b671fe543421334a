import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { Public, RequireRoles } from '@lawfirm/auth';
import { ApiProblemResponse, previewOpenApi } from './openapi';
import { PageQuery } from './pagination';

class NoteDto {
  @ApiProperty() @IsString() text!: string;
}

@ApiBearerAuth('bearer')
@Controller('v1/notes')
class NoteController {
  @Public()
  @Get('public')
  open(): string {
    return 'ok';
  }

  @Get()
  list(@Query() _page: PageQuery): string[] {
    return [];
  }

  @Post()
  @RequireRoles('attorney')
  @ApiProblemResponse(422, 'The matter is closed.')
  create(@Body() _note: NoteDto): void {}

  @Get(':id')
  get(@Param('id') id: string): string {
    return id;
  }
}

@Module({ controllers: [NoteController] })
class NotesModule {}

describe('previewOpenApi', () => {
  it("documents each operation's access and the errors the platform answers for it", async () => {
    const document = await previewOpenApi(NotesModule, { service: 'notes' });
    const statuses = (path: string, method: 'get' | 'post') =>
      Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort();

    expect(document.paths['/v1/notes/public']?.get?.security).toEqual([]);
    expect(statuses('/v1/notes/public', 'get')).toEqual(['200', 'default']);
    expect(document.paths['/v1/notes']?.get?.security).toEqual([{ bearer: [] }]);
    expect(statuses('/v1/notes', 'get')).toEqual(['200', '400', '401', 'default']);
    expect(statuses('/v1/notes', 'post')).toEqual(['400', '401', '403', '413', '422', 'default']);
    expect(statuses('/v1/notes/{id}', 'get')).toEqual(['200', '401', '404', 'default']);
    expect(document.paths['/v1/notes']?.post?.responses['422']).toMatchObject({
      description: 'The matter is closed.',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(document.components?.schemas?.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'code'],
    });
    expect(document.servers).toEqual([{ url: '/' }]);
  });
});
