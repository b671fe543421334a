/** A Bates number as stamped: the prefix and the number zero-padded (`ACME000042`). */
export function batesLabel(prefix: string, padding: number, bates: number): string {
  return `${prefix}${String(bates).padStart(padding, '0')}`;
}

/** Numbers for documents in order, one per document, from `next`; and the counter's next value after them. */
export function assignBates(next: number, count: number): { numbers: number[]; nextAfter: number } {
  return { numbers: Array.from({ length: count }, (_, index) => next + index), nextAfter: next + count };
}
