import { IsOptional, IsString } from 'class-validator';
import { ValidationFailedError } from './domain-error';
import { createValidationPipe } from './validation';

class AllOptional {
  @IsOptional()
  @IsString()
  note?: string;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const body = { type: 'body' as const, metatype: AllOptional };

  it('refuses a JSON null body naming the body, even when every field is optional', async () => {
    const refused = await pipe.transform(null, body).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ValidationFailedError);
    expect((refused as ValidationFailedError).fieldErrors).toEqual([
      { field: 'body', message: 'the body must be a JSON object, not null' },
    ]);
  });

  it('takes a missing body as no fields when every field is optional', async () => {
    expect(await pipe.transform(undefined, body)).toBeInstanceOf(AllOptional);
  });

  it('still validates the fields of a body that is an object', async () => {
    await expect(pipe.transform({ note: 7 }, body)).rejects.toBeInstanceOf(ValidationFailedError);
    expect(await pipe.transform({ note: 'ok' }, body)).toMatchObject({ note: 'ok' });
  });
});
