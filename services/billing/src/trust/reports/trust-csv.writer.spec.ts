import { parse } from 'csv-parse/sync';
import { trustEntriesCsv } from './trust-csv.writer';

describe('trustEntriesCsv', () => {
  it('writes one row per entry with a header, signed minor amounts, and defuses formulas in free text', () => {
    const csv = trustEntriesCsv([
      {
        entryDate: '2026-11-02',
        entryId: 'e1',
        kind: 'deposit',
        clientId: 'c1',
        matterId: 'm1',
        counterparty: '=HYPERLINK("x")',
        method: 'wire',
        reference: 'WIRE, 1',
        amountMinor: 500000,
        balanceAfterMinor: 500000,
        reversesEntryId: null,
        recordedBy: 'clerk',
        recordedAt: '2026-11-02T10:00:00.000Z',
      },
      {
        entryDate: '2026-11-20',
        entryId: 'e2',
        kind: 'refund',
        clientId: 'c1',
        matterId: 'm1',
        counterparty: 'Acme',
        method: 'check',
        reference: null,
        amountMinor: -75000,
        balanceAfterMinor: 425000,
        reversesEntryId: null,
        recordedBy: 'clerk',
        recordedAt: '2026-11-20T10:00:00.000Z',
      },
    ]);
    expect(csv.split('\r\n')[0]).toBe(
      'entryDate,entryId,kind,clientId,matterId,counterparty,method,reference,amountMinor,balanceAfterMinor,reversesEntryId,recordedBy,recordedAt',
    );
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(
      rows.map((row) => [row.counterparty, row.reference, row.amountMinor, row.balanceAfterMinor]),
    ).toEqual([
      ['\'=HYPERLINK("x")', 'WIRE, 1', '500000', '500000'],
      ['Acme', '', '-75000', '425000'],
    ]);
  });
});
