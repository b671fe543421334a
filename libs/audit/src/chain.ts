import { createHash } from 'node:crypto';

/** The fields of a stored audit record that the chain hash covers. */
export interface ChainedRecord {
  firmId: string;
  seq: number;
  eventId: string;
  body: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(
  prevHash: string,
  firmId: string,
  seq: number,
  eventId: string,
  body: Record<string, unknown>,
): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ firmId, seq, eventId, body }))
    .digest('hex');
}

export type ChainBreakReason = 'hash-mismatch' | 'link-mismatch' | 'missing-record' | 'missing-tail';

export interface ChainVerification {
  intact: boolean;
  checked: number;
  lastSeq: number;
  breaks: Array<{ seq: number; reason: ChainBreakReason; detail: string }>;
}

/**
 * Walks a firm's records in sequence order and reports every place the chain breaks:
 * a record whose content no longer matches its hash (edited), a record whose link does not
 * match its predecessor, a gap in the sequence (deleted), or a tail shorter than the head
 * the store remembers (deleted from the end).
 */
export function verifyChain(
  records: Iterable<ChainedRecord>,
  expectedLastSeq: number,
  expectedLastHash?: string,
): ChainVerification {
  const breaks: ChainVerification['breaks'] = [];
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let lastSeq = 0;
  for (const record of records) {
    if (record.seq !== expectedSeq) {
      breaks.push({
        seq: expectedSeq,
        reason: 'missing-record',
        detail: `records ${expectedSeq}..${record.seq - 1} are missing`,
      });
    } else if (record.prevHash !== previousHash) {
      breaks.push({
        seq: record.seq,
        reason: 'link-mismatch',
        detail: 'previous-hash link does not match the record before it',
      });
    }
    const recomputed = chainHash(record.prevHash, record.firmId, record.seq, record.eventId, record.body);
    if (recomputed !== record.hash) {
      breaks.push({
        seq: record.seq,
        reason: 'hash-mismatch',
        detail: 'record content does not match its hash (edited)',
      });
    }
    previousHash = record.hash;
    expectedSeq = record.seq + 1;
    lastSeq = record.seq;
    checked += 1;
  }
  if (lastSeq < expectedLastSeq) {
    breaks.push({
      seq: lastSeq + 1,
      reason: 'missing-tail',
      detail: `records ${lastSeq + 1}..${expectedLastSeq} are missing`,
    });
  } else if (
    expectedLastHash &&
    lastSeq === expectedLastSeq &&
    previousHash !== expectedLastHash &&
    checked > 0
  ) {
    breaks.push({
      seq: lastSeq,
      reason: 'hash-mismatch',
      detail: 'last record does not match the chain head',
    });
  }
  return { intact: breaks.length === 0, checked, lastSeq, breaks };
}
