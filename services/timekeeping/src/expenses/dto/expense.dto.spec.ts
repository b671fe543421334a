import type { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe, ValidationFailedError } from '@lawfirm/errors';
import { CreateExpenseDto, UpdateExpenseDto } from './expense.dto';

const pipe = createValidationPipe();
const asBody = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

const valid = {
  matterId: '0190a6f2-7c1e-7a3b-8c4d-5e6f7a8b9c0d',
  expenseDate: '2026-11-20',
  expenseCode: 'E112',
  description: '  Filing fee, motion to compel  ',
  amountMinor: 40000,
  currency: 'USD',
};

async function fieldErrors(
  metatype: ArgumentMetadata['metatype'],
  body: object,
): Promise<Array<{ field: string; message: string }>> {
  try {
    await pipe.transform(body, asBody(metatype));
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.fieldErrors;
    throw error;
  }
  return [];
}

describe('CreateExpenseDto', () => {
  it('accepts a complete expense and trims the description', async () => {
    const parsed = (await pipe.transform(
      { ...valid, vendorId: '0190a6f2-7c1e-7a3b-8c4d-5e6f7a8b9c0e' },
      asBody(CreateExpenseDto),
    )) as CreateExpenseDto;
    expect(parsed).toMatchObject({
      amountMinor: 40000,
      currency: 'USD',
      description: 'Filing fee, motion to compel',
    });
  });

  it.each([
    ['an unknown UTBMS code', { expenseCode: 'E125' }, 'expenseCode'],
    ['a task code where an expense code belongs', { expenseCode: 'L110' }, 'expenseCode'],
    ['an amount with a fraction of a cent', { amountMinor: 12.5 }, 'amountMinor'],
    ['a zero amount', { amountMinor: 0 }, 'amountMinor'],
    ['a negative amount', { amountMinor: -100 }, 'amountMinor'],
    ['an amount as a string', { amountMinor: '40000' }, 'amountMinor'],
    ['an amount beyond 2^53', { amountMinor: 2 ** 60 }, 'amountMinor'],
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['a currency that does not exist', { currency: 'ABC' }, 'currency'],
    ['a timestamp instead of a date', { expenseDate: '2026-11-20T10:00:00Z' }, 'expenseDate'],
    ['a day that does not exist', { expenseDate: '2026-02-30' }, 'expenseDate'],
    ['an empty description', { description: '   ' }, 'description'],
    ['a vendor id that is not a UUID', { vendorId: 'acme' }, 'vendorId'],
  ])('refuses %s, naming the field', async (_, change, field) => {
    expect(await fieldErrors(CreateExpenseDto, { ...valid, ...change })).toEqual([
      expect.objectContaining({ field }),
    ]);
  });

  it('names every missing required field', async () => {
    const fields = (await fieldErrors(CreateExpenseDto, {})).map((error) => error.field).sort();
    expect(fields).toEqual([
      'amountMinor',
      'currency',
      'description',
      'expenseCode',
      'expenseDate',
      'matterId',
    ]);
  });

  it("refuses a timekeeperId: an expense is always the caller's own", async () => {
    expect(await fieldErrors(CreateExpenseDto, { ...valid, timekeeperId: 'someone-else' })).toEqual([
      expect.objectContaining({ field: 'timekeeperId' }),
    ]);
  });
});

describe('UpdateExpenseDto', () => {
  it('accepts a partial edit and null to clear the vendor and receipt', async () => {
    expect(
      await fieldErrors(UpdateExpenseDto, { amountMinor: 1, vendorId: null, receiptDocumentRef: null }),
    ).toEqual([]);
  });

  it('applies the same money rules as creation', async () => {
    expect(await fieldErrors(UpdateExpenseDto, { amountMinor: 0.5, currency: 'EURO' })).toEqual([
      expect.objectContaining({ field: 'amountMinor' }),
      expect.objectContaining({ field: 'currency' }),
    ]);
  });
});
