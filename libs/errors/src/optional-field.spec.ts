import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ValidationFailedError } from './domain-error';
import { IsOptionalNotNull } from './optional-field';
import { createValidationPipe } from './validation';

class RateDto {
  @IsOptionalNotNull() @IsInt() @Min(1) amountMinor?: number;
}

class EntryDto {
  @IsOptionalNotNull() @IsInt() @Min(1) minutes?: number;
  @IsString() @IsOptionalNotNull() narrative?: string;
  @IsOptionalNotNull() @ValidateNested() @Type(() => RateDto) rate?: RateDto;
}

async function fieldErrors(body: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: EntryDto });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.fieldErrors;
    throw error;
  }
  return [];
}

describe('IsOptionalNotNull', () => {
  it('accepts a body that leaves the field out', async () => {
    expect(await fieldErrors({})).toEqual([]);
  });

  it('accepts a value that meets the other rules', async () => {
    expect(await fieldErrors({ minutes: 42, narrative: 'Call', rate: { amountMinor: 100 } })).toEqual([]);
  });

  it('answers "<field> must not be null" for an explicit null, whichever rule is declared first', async () => {
    expect(await fieldErrors({ minutes: null, narrative: null })).toEqual([
      { field: 'minutes', message: 'minutes must not be null' },
      { field: 'narrative', message: 'narrative must not be null' },
    ]);
  });

  it('names the nested path of a null inside a nested object', async () => {
    expect(await fieldErrors({ rate: { amountMinor: null } })).toEqual([
      { field: 'rate.amountMinor', message: 'rate.amountMinor must not be null' },
    ]);
  });

  it("keeps the other rules' messages for values that are present and wrong", async () => {
    expect(await fieldErrors({ minutes: 0 })).toEqual([
      { field: 'minutes', message: 'minutes must not be less than 1' },
    ]);
  });
});
