import { createHmac } from 'node:crypto';

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

/** The shortest chain key accepted: HMAC-SHA-256 wants at least its output size of secret. */
export const MIN_CHAIN_KEY_BYTES = 32;

/**
 * The secret the chain is keyed with (`AUDIT_CHAIN_KEY`): 64+ hex characters or base64 of 32+
 * bytes. It lives in configuration, never in the database, so whoever can write the database
 * cannot compute a valid link for a record they changed or added.
 */
export function parseChainKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^(?:[0-9a-f]{2})+$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : Buffer.alloc(0);
  if (key.length < MIN_CHAIN_KEY_BYTES)
    throw new Error(
      `the audit chain key must be hex or base64 of at least ${MIN_CHAIN_KEY_BYTES} bytes (got ${key.length})`,
    );
  return key;
}

/** JSON with sorted keys, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** HMAC-SHA-256 under the chain key of the previous link and the record's firm, place, id and body. */
export function chainHash(
  key: Uint8Array,
  prevHash: string,
  firmId: string,
  seq: number,
  eventId: string,
  body: Record<string, unknown>,
): string {
  return createHmac('sha256', key)
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ firmId, seq, eventId, body }))
    .digest('hex');
}

export const CHAIN_BREAK_REASONS = [
  'hash-mismatch',
  'link-mismatch',
  'missing-record',
  'missing-tail',
  'past-head',
  'missing-head',
  'rewound-head',
] as const;
export type ChainBreakReason = (typeof CHAIN_BREAK_REASONS)[number];

export interface ChainVerification {
  intact: boolean;
  checked: number;
  lastSeq: number;
  breaks: Array<{ seq: number; reason: ChainBreakReason; detail: string }>;
  /** Breaks found beyond the ones listed (the list is capped so a wrecked chain stays a small answer). */
  moreBreaks: number;
}

/** Where the store says the chain ends (`audit_chain_heads`), or null when it has no head row. */
export interface ChainHeadState {
  lastSeq: number;
  lastHash: string;
}

export const MAX_LISTED_BREAKS = 100;

/**
 * Verifies one firm's chain a record at a time, in sequence order, in constant memory: the caller
 * streams pages in and calls `finish`. It reports every place the chain breaks — a record whose
 * content no longer matches its keyed hash (edited, or forged without the key), a link that does
 * not match its predecessor, a gap (deleted), a tail shorter than the head (deleted from the end),
 * records past the head, records with no head at all, and a head behind the highest point the
 * chain was seen to reach outside the database (`anchor`: deleted tail with a rewound head).
 */
export class ChainVerifier {
  private readonly breaks: ChainVerification['breaks'] = [];
  private moreBreaks = 0;
  private previousHash = GENESIS_HASH;
  private expectedSeq = 1;
  private checked = 0;
  private lastSeq = 0;
  private hashAtHead: string | undefined;
  private hashAtAnchor: string | undefined;

  constructor(
    private readonly key: Uint8Array,
    private readonly head: ChainHeadState | null,
    private readonly anchor?: ChainHeadState,
  ) {}

  add(record: ChainedRecord): void {
    if (record.seq !== this.expectedSeq) {
      this.report(
        this.expectedSeq,
        'missing-record',
        `records ${this.expectedSeq}..${record.seq - 1} are missing`,
      );
    } else if (record.prevHash !== this.previousHash) {
      this.report(record.seq, 'link-mismatch', 'previous-hash link does not match the record before it');
    }
    if (
      chainHash(this.key, record.prevHash, record.firmId, record.seq, record.eventId, record.body) !==
      record.hash
    ) {
      this.report(
        record.seq,
        'hash-mismatch',
        'record content does not match its keyed hash (edited or forged)',
      );
    }
    if (this.head && record.seq === this.head.lastSeq) this.hashAtHead = record.hash;
    if (this.anchor && record.seq === this.anchor.lastSeq) this.hashAtAnchor = record.hash;
    this.previousHash = record.hash;
    this.expectedSeq = record.seq + 1;
    this.lastSeq = record.seq;
    this.checked += 1;
  }

  finish(): ChainVerification {
    const head = this.head;
    if (!head) {
      if (this.checked > 0)
        this.report(1, 'missing-head', `${this.checked} records exist but the chain has no head`);
    } else if (this.lastSeq < head.lastSeq) {
      this.report(
        this.lastSeq + 1,
        'missing-tail',
        `records ${this.lastSeq + 1}..${head.lastSeq} are missing`,
      );
    } else {
      if (this.lastSeq > head.lastSeq)
        this.report(
          head.lastSeq + 1,
          'past-head',
          `records ${head.lastSeq + 1}..${this.lastSeq} lie past the chain head`,
        );
      const expected = head.lastSeq === 0 ? GENESIS_HASH : this.hashAtHead;
      if (expected !== head.lastHash)
        this.report(head.lastSeq, 'hash-mismatch', 'the record at the chain head does not match the head');
    }
    const anchor = this.anchor;
    if (anchor) {
      const reached = Math.max(head?.lastSeq ?? 0, this.lastSeq);
      if (reached < anchor.lastSeq) {
        this.report(
          reached + 1,
          'rewound-head',
          `the chain once reached record ${anchor.lastSeq} (anchored outside the database); records ${reached + 1}..${anchor.lastSeq} are gone`,
        );
      } else if (this.hashAtAnchor !== undefined && this.hashAtAnchor !== anchor.lastHash) {
        this.report(
          anchor.lastSeq,
          'hash-mismatch',
          'the record differs from its digest anchored outside the database',
        );
      }
    }
    return {
      intact: this.breaks.length === 0,
      checked: this.checked,
      lastSeq: this.lastSeq,
      breaks: this.breaks,
      moreBreaks: this.moreBreaks,
    };
  }

  private report(seq: number, reason: ChainBreakReason, detail: string): void {
    if (this.breaks.length < MAX_LISTED_BREAKS) this.breaks.push({ seq, reason, detail });
    else this.moreBreaks += 1;
  }
}

/** Verifies a whole chain held in memory (tests, small chains); the store streams into a `ChainVerifier`. */
export function verifyChain(
  key: Uint8Array,
  records: Iterable<ChainedRecord>,
  head: ChainHeadState | null,
  anchor?: ChainHeadState,
): ChainVerification {
  const verifier = new ChainVerifier(key, head, anchor);
  for (const record of records) verifier.add(record);
  return verifier.finish();
}
