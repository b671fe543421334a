import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A folder or title may not contain a slash (paths are built from names) nor be only dots. */
const NAME = /^(?!\.{1,2}$)[^/\\]+$/;

export class CreateFolderDto {
  @ApiProperty({ maxLength: 200, example: 'Pleadings', pattern: NAME.source })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @Matches(NAME, { message: 'name must not contain / or \\ nor be . or ..' })
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The folder to create it in; absent: the top level.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;
}

/** Where an upload goes; the file itself is the request's multipart part `file`. */
export class UploadQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "A folder of the matter; absent: the matter's top level.",
  })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'folderId must be a UUID' })
  folderId?: string;

  @ApiPropertyOptional({
    maxLength: 300,
    description: "The document's title; absent: the uploaded file's name.",
  })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'J. Smith',
    description: 'Whose files the document was collected from (a search filter).',
  })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  custodian?: string;
}

export class DocumentListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only documents in this folder.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'folderId must be a UUID' })
  folderId?: string;
}

export class ContentQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'The version to download; absent: the current one.' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export class DestroyDto {
  @ApiProperty({ maxLength: 1000, example: 'Retention period ended (7 years after matter close)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}
