import { randomUUID } from 'node:crypto';
import { ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, encodeCursor, toPage, type CursorPosition, type SortKeyKind } from './pagination';

interface Row {
  id: string;
  createdAt: string;
  name: string;
}

function rows(count: number): Row[] {
  return Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    name: `Client ${index + 1}`,
  }));
}

const positionOf = (row: Row): CursorPosition => ({ sortKey: row.createdAt, id: row.id });
const nameOf = (row: Row): string => row.name;

function decodeFailure(cursor: string, kind: SortKeyKind): ValidationFailedError {
  try {
    decodeCursor(cursor, kind);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('encodeCursor / decodeCursor', () => {
  it('returns the same position when a cursor is encoded and decoded', () => {
    const position = { sortKey: '2026-11-20T10:00:00.000Z', id: randomUUID() };

    expect(decodeCursor(encodeCursor(position), 'timestamp')).toEqual(position);
  });

  it.each<[SortKeyKind, string]>([
    ['timestamp', '2026-11-20T10:00:00.123456Z'],
    ['timestamp', '2024-02-29T23:59:59Z'],
    ['date', '2026-11-20'],
    ['integer', '17'],
    ['text', 'Müller, Anna'],
  ])('accepts a %s sort key %s as a list of that kind writes it', (kind, sortKey) => {
    const position = { sortKey, id: randomUUID() };

    expect(decodeCursor(encodeCursor(position), kind)).toEqual(position);
  });

  it('keeps sort keys with quotes, commas and non-ASCII text intact when round-tripped', () => {
    const position = { sortKey: 'Müller, "Anna" ☃', id: randomUUID() };

    expect(decodeCursor(encodeCursor(position), 'text')).toEqual(position);
  });

  it('produces a URL-safe cursor when encoding', () => {
    expect(encodeCursor({ sortKey: '???>>>~~~', id: randomUUID() })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('returns undefined when no cursor is given', () => {
    expect(decodeCursor(undefined, 'timestamp')).toBeUndefined();
  });

  const forged = (sortKey: unknown, id: unknown = randomUUID()): string =>
    Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');

  it.each<[string, string, SortKeyKind]>([
    ['garbage text', '!!not-a-cursor!!', 'timestamp'],
    ['the empty string', '', 'timestamp'],
    ['a truncated cursor', encodeCursor({ sortKey: '2026-11-20', id: 'abc' }).slice(0, 10), 'timestamp'],
    ['JSON of the wrong shape', Buffer.from('{"sortKey":"a","id":"b"}').toString('base64url'), 'timestamp'],
    ['an array with a non-string id', Buffer.from('["2026-11-20",42]').toString('base64url'), 'timestamp'],
    ['an array with extra entries', Buffer.from('["a","b","c"]').toString('base64url'), 'timestamp'],
    ['an id that is not a UUID', forged('2026-11-20T10:00:00.000Z', "1' OR '1'='1"), 'timestamp'],
    ['a timestamp that is not one', forged('yesterday'), 'timestamp'],
    ['a timestamp without a zone', forged('2026-11-20T10:00:00'), 'timestamp'],
    ['a timestamp on 30 February', forged('2026-02-30T10:00:00Z'), 'timestamp'],
    ['a timestamp at hour 24', forged('2026-11-20T24:00:00Z'), 'timestamp'],
    ['a number where a timestamp belongs', forged(1764000000000), 'timestamp'],
    ['a timestamp where a date belongs', forged('2026-11-20T10:00:00Z'), 'date'],
    ['month 13', forged('2026-13-01'), 'date'],
    ['a negative version', forged('-1'), 'integer'],
    ['a version beyond int4', forged('99999999999'), 'integer'],
    ['a fractional version', forged('1.5'), 'integer'],
    ['a name holding a NUL character', forged('Ann\u0000'), 'text'],
    ['a name longer than any we store', forged('x'.repeat(1001)), 'text'],
  ])('answers "cursor is invalid" on field cursor when given %s', (_label, cursor, kind) => {
    const error = decodeFailure(cursor, kind);

    expect(error.kind).toBe('validation');
    expect(error.fieldErrors).toEqual([{ field: 'cursor', message: 'cursor is invalid' }]);
  });
});

describe('toPage', () => {
  it('gives a nextCursor pointing at the last item when more rows were fetched than the limit', () => {
    const fetched = rows(4); // limit + 1

    const page = toPage(fetched, 3, positionOf, nameOf);

    expect(page.items).toEqual(['Client 1', 'Client 2', 'Client 3']);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!, 'timestamp')).toEqual(positionOf(fetched[2]!));
  });

  it('gives no nextCursor when exactly limit rows came back', () => {
    const page = toPage(rows(3), 3, positionOf, nameOf);

    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
  });

  it('gives no nextCursor when fewer rows than the limit came back', () => {
    const page = toPage(rows(1), 3, positionOf, nameOf);

    expect(page).toEqual({ items: ['Client 1'], nextCursor: null });
  });

  it('gives an empty page without a cursor when there are no rows', () => {
    expect(toPage([], 50, positionOf, nameOf)).toEqual({ items: [], nextCursor: null });
  });
});
