import type { OpenAPIObject } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { documentValidationRules } from './openapi-validation';

class FuzzFoundNoteDto {
  @IsString()
  @IsNotEmpty()
  title!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  workDate!: string;

  @Matches(/^[a-z]+$/i)
  caseInsensitive!: string;

  @IsOptional()
  @IsString()
  comment?: string;

  @IsNotEmpty({ each: true })
  tags!: string[];

  @IsNotEmpty()
  count!: number;
}

function documentWith(properties: Record<string, object>): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 'test', version: '1' },
    paths: {},
    components: { schemas: { [FuzzFoundNoteDto.name]: { type: 'object', properties } } },
  };
}

describe('documentValidationRules', () => {
  it('documents @IsNotEmpty as minLength 1 and @Matches as pattern on string properties', () => {
    const document = documentWith({
      title: { type: 'string' },
      workDate: { type: 'string' },
      caseInsensitive: { type: 'string' },
      comment: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
      count: { type: 'integer' },
    });

    documentValidationRules(document);

    expect(document.components?.schemas?.[FuzzFoundNoteDto.name]).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1 },
        workDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        // No JSON Schema form for the i flag: left as it was.
        caseInsensitive: { type: 'string' },
        comment: { type: 'string' },
        tags: { type: 'array', items: { type: 'string', minLength: 1 } },
        count: { type: 'integer' },
      },
    });
  });

  it('keeps what the schema already states', () => {
    const document = documentWith({
      title: { type: 'string', minLength: 3 },
      workDate: { type: 'string', pattern: '^x$' },
    });

    documentValidationRules(document);

    expect(document.components?.schemas?.[FuzzFoundNoteDto.name]).toMatchObject({
      properties: { title: { minLength: 3 }, workDate: { pattern: '^x$' } },
    });
  });
});
