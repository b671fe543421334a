import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@lawfirm/errors';
import { latestCurrentDate } from '@lawfirm/primitives';
import { GrantConsentDto } from './grant-consent.dto';
import { RevokeConsentDto } from './revoke-consent.dto';
import { ConsentListQuery } from './list-consents.query';

/** Validates the way the global pipe does (whitelist, forbid unknown, first error per field). */
function fieldErrors(type: new () => object, body: object) {
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  return flattenValidationErrors(errors);
}

const valid = { scopes: ['document-review'], givenOn: '2024-01-15', method: 'engagement-letter' };

describe('GrantConsentDto', () => {
  it('accepts a consent with scopes, a past date and a known method', () => {
    expect(fieldErrors(GrantConsentDto, valid)).toEqual([]);
    expect(
      fieldErrors(GrantConsentDto, {
        ...valid,
        vendorIds: ['0194f3a0-0000-7000-8000-00000000000a'],
        documentRef: 'DMS-1',
      }),
    ).toEqual([]);
  });

  it.each([
    [{ scopes: [] }, 'scopes must name at least one outsourcing scope'],
    [
      { scopes: ['billing', 'outsourcing-everything'] },
      'scopes may contain only: document-review, billing, drafting, research, paralegal-support, e-discovery, transcription',
    ],
    [{ scopes: ['billing', 'billing'] }, 'scopes must not name a scope twice'],
    [{ scopes: 'billing' }, 'scopes must be a list of outsourcing scopes'],
  ])('names scopes when they are wrong (%j)', (change, message) => {
    expect(fieldErrors(GrantConsentDto, { ...valid, ...change })).toEqual([{ field: 'scopes', message }]);
  });

  it.each([
    ['2026-02-30', 'givenOn must be a calendar date written YYYY-MM-DD (from 1900)'],
    ['15/01/2026', 'givenOn must be a calendar date written YYYY-MM-DD (from 1900)'],
    ['0000-01-01', 'givenOn must be a calendar date written YYYY-MM-DD (from 1900)'],
    ['2999-01-01', 'givenOn must not be in the future'],
  ])('names givenOn when it is %s', (givenOn, message) => {
    expect(fieldErrors(GrantConsentDto, { ...valid, givenOn })).toEqual([{ field: 'givenOn', message }]);
  });

  it('refuses tomorrow everywhere but accepts today anywhere on Earth', () => {
    const lastDay = latestCurrentDate();
    const dayAfter = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const utcToday = new Date().toISOString().slice(0, 10);

    expect(fieldErrors(GrantConsentDto, { ...valid, givenOn: utcToday })).toEqual([]);
    expect(fieldErrors(GrantConsentDto, { ...valid, givenOn: lastDay })).toEqual([]);
    expect(fieldErrors(GrantConsentDto, { ...valid, givenOn: dayAfter })).toEqual([
      { field: 'givenOn', message: 'givenOn must not be in the future' },
    ]);
  });

  it.each([
    [
      { vendorIds: [] },
      'vendorIds',
      'vendorIds must name at least one vendor; omit it to allow any approved vendor',
    ],
    [{ vendorIds: ['acme'] }, 'vendorIds', 'vendorIds must contain only vendor ids (UUIDs)'],
    [
      { method: 'phone' },
      'method',
      'method must be one of: written, engagement-letter, email, e-signature, verbal-confirmed-in-writing',
    ],
    [{ documentRef: '   ' }, 'documentRef', 'documentRef must not be empty when given'],
    [{ firmId: '0194f3a0-0000-7000-8000-00000000000a' }, 'firmId', 'firmId is not a known field'],
  ])('names the field when %j', (change, field, message) => {
    expect(fieldErrors(GrantConsentDto, { ...valid, ...change })).toEqual([{ field, message }]);
  });

  it('refuses the same vendor twice whatever its letter case', () => {
    const vendor = '0194f3a0-0000-7000-8000-00000000000a';
    expect(fieldErrors(GrantConsentDto, { ...valid, vendorIds: [vendor, vendor.toUpperCase()] })).toEqual([
      { field: 'vendorIds', message: 'vendorIds must not name a vendor twice' },
    ]);
  });
});

describe('RevokeConsentDto', () => {
  it('wants a reason of 3 to 1000 characters after trimming', () => {
    expect(fieldErrors(RevokeConsentDto, { reason: 'Client withdrew consent' })).toEqual([]);
    expect(fieldErrors(RevokeConsentDto, { reason: '  no ' })).toEqual([
      { field: 'reason', message: 'reason must be between 3 and 1000 characters' },
    ]);
    expect(fieldErrors(RevokeConsentDto, { reason: 'x'.repeat(1001) })).toEqual([
      { field: 'reason', message: 'reason must be between 3 and 1000 characters' },
    ]);
    expect(fieldErrors(RevokeConsentDto, {})).toEqual([
      { field: 'reason', message: 'reason must be given as text' },
    ]);
  });
});

describe('ConsentListQuery', () => {
  it('reads includeRevoked as true or false and refuses anything else', () => {
    expect(plainToInstance(ConsentListQuery, { includeRevoked: 'true' }).includeRevoked).toBe(true);
    expect(plainToInstance(ConsentListQuery, { includeRevoked: 'false' }).includeRevoked).toBe(false);
    expect(fieldErrors(ConsentListQuery, { includeRevoked: 'yes' })).toEqual([
      { field: 'includeRevoked', message: 'includeRevoked must be true or false' },
    ]);
  });
});
