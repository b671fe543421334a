import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { unsafeTextReason, ValidationFailedError } from '@lawfirm/errors';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor." })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset cursor over (sortKey, id): stable under concurrent inserts. Timestamps travel at
 * JavaScript's millisecond precision, so queries must order and compare at that precision
 * (`date_trunc('milliseconds', created_at)`) or rows in the same millisecond are skipped.
 */
export interface CursorPosition {
  sortKey: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id])).toString('base64url');
}

/** What a list sorts by, so a decoded cursor can be checked before it reaches SQL. */
export type SortKeyKind = 'timestamp' | 'date' | 'integer' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// As toISOString writes it, or as PostgreSQL's to_char with microseconds (leads, consents).
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const POSITIVE_INTEGER = /^[1-9]\d{0,9}$/;
/** Longer than any text sort key we write (names are at most 300 characters). */
const MAX_TEXT_SORT_KEY = 1000;

const INVALID_CURSOR = (): ValidationFailedError =>
  new ValidationFailedError([{ field: 'cursor', message: 'cursor is invalid' }]);

/**
 * Decodes a cursor and checks it is one a list of this kind could have written (a UUID id and a
 * sort key of `sortKey`'s kind): a forged cursor is a 400 naming `cursor`, never a cast error in SQL.
 */
export function decodeCursor(cursor: string | undefined, sortKey: SortKeyKind): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw INVALID_CURSOR();
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    typeof parsed[1] === 'string' &&
    UUID.test(parsed[1]) &&
    isSortKey(parsed[0], sortKey)
  ) {
    return { sortKey: parsed[0], id: parsed[1] };
  }
  throw INVALID_CURSOR();
}

function isSortKey(value: string, kind: SortKeyKind): boolean {
  switch (kind) {
    case 'timestamp': {
      const parts = ISO_TIMESTAMP.exec(value);
      return (
        parts !== null &&
        isCalendarDate(parts) &&
        Number(parts[4]) < 24 &&
        Number(parts[5]) < 60 &&
        Number(parts[6]) < 60
      );
    }
    case 'date': {
      const parts = ISO_DATE.exec(value);
      return parts !== null && isCalendarDate(parts);
    }
    case 'integer':
      return POSITIVE_INTEGER.test(value) && Number(value) <= 2_147_483_647;
    case 'text':
      return value.length <= MAX_TEXT_SORT_KEY && unsafeTextReason(value) === undefined;
  }
}

/** Year, month and day (groups 1–3) name a real day: no 30 February, no year 0. */
function isCalendarDate(parts: RegExpExecArray): boolean {
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/** Builds a page from `limit + 1` rows fetched in order. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  position: (row: R) => CursorPosition,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}

export const DEFAULT_PAGE_SIZE = 50;
