import { randomUUID } from 'node:crypto';
import { ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, encodeCursor, toPage, type CursorPosition } from './pagination';

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

function decodeFailure(cursor: string): ValidationFailedError {
  try {
    decodeCursor(cursor);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('encodeCursor / decodeCursor', () => {
  it('returns the same position when a cursor is encoded and decoded', () => {
    const position = { sortKey: '2026-11-20T10:00:00.000Z', id: randomUUID() };

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('keeps sort keys with quotes, commas and non-ASCII text intact when round-tripped', () => {
    const position = { sortKey: 'Müller, "Anna" ☃', id: randomUUID() };

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('produces a URL-safe cursor when encoding', () => {
    expect(encodeCursor({ sortKey: '???>>>~~~', id: randomUUID() })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('returns undefined when no cursor is given', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['garbage text', '!!not-a-cursor!!'],
    ['the empty string', ''],
    ['a truncated cursor', encodeCursor({ sortKey: '2026-11-20', id: 'abc' }).slice(0, 10)],
    ['JSON of the wrong shape', Buffer.from('{"sortKey":"a","id":"b"}').toString('base64url')],
    ['an array with a non-string id', Buffer.from('["2026-11-20",42]').toString('base64url')],
    ['an array with extra entries', Buffer.from('["a","b","c"]').toString('base64url')],
  ])('raises ValidationFailedError on field cursor when given %s', (_label, cursor) => {
    const error = decodeFailure(cursor);

    expect(error.kind).toBe('validation');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});

describe('toPage', () => {
  it('gives a nextCursor pointing at the last item when more rows were fetched than the limit', () => {
    const fetched = rows(4); // limit + 1

    const page = toPage(fetched, 3, positionOf, nameOf);

    expect(page.items).toEqual(['Client 1', 'Client 2', 'Client 3']);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor!)).toEqual(positionOf(fetched[2]!));
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
