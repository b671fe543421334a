import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class GenerateDocumentDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'A plain-text document of the firm (any matter) whose {{placeholders}} are merged: matter.id, matter.number, matter.title, matter.practiceArea, client.id, date, fields.<name>.',
  })
  @IsUUID('all', { message: 'templateDocumentId must be a UUID' })
  templateDocumentId!: string;

  @ApiProperty({ maxLength: 300, example: 'Engagement letter' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  @Matches(/^(?!\.{1,2}$)[^/\\]+$/, { message: 'title must not contain / or \\ nor be . or ..' })
  title!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 2000 },
    maxProperties: 50,
    example: { recipient: 'Ms. Jane Doe' },
    description: 'Values for {{fields.<name>}}; names are letters, digits and _ (at most 40).',
  })
  @IsOptionalNotNull()
  @IsObject()
  fields?: Record<string, unknown>;
}
