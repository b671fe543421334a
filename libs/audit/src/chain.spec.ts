import { randomBytes, randomUUID } from 'node:crypto';
import {
  canonicalJson,
  chainHash,
  ChainVerifier,
  GENESIS_HASH,
  MAX_LISTED_BREAKS,
  parseChainKey,
  verifyChain,
  type ChainedRecord,
} from './chain';

const KEY = randomBytes(32);

/** Builds a correctly linked chain of `length` records for one new firm. */
function buildChain(length: number, firmId: string = randomUUID(), key: Uint8Array = KEY): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const eventId = randomUUID();
    const body = {
      action: `matter.update.${seq}`,
      actorId: randomUUID(),
      details: { minutes: seq * 6, billable: true },
    };
    const hash = chainHash(key, prevHash, firmId, seq, eventId, body);
    records.push({ firmId, seq, eventId, body, prevHash, hash });
    prevHash = hash;
  }
  return records;
}

function headOf(records: ChainedRecord[]): { lastSeq: number; lastHash: string } {
  const last = records[records.length - 1];
  return last ? { lastSeq: last.seq, lastHash: last.hash } : { lastSeq: 0, lastHash: GENESIS_HASH };
}

describe('canonicalJson', () => {
  it('produces the same text when object keys are given in a different order', () => {
    const first = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const second = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };

    expect(canonicalJson(first)).toBe(canonicalJson(second));
    expect(canonicalJson(first)).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('keeps array order significant when elements are reordered', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('leaves out undefined properties when serialising', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });
});

describe('parseChainKey', () => {
  it('reads 32 bytes given as hex or as base64', () => {
    const bytes = randomBytes(32);
    expect(parseChainKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseChainKey(bytes.toString('base64'))).toEqual(bytes);
  });

  it('refuses a key shorter than 32 bytes or not hex/base64', () => {
    expect(() => parseChainKey(randomBytes(16).toString('hex'))).toThrow(/at least 32 bytes/);
    expect(() => parseChainKey('not a key at all, has spaces and !!')).toThrow(/at least 32 bytes/);
    expect(() => parseChainKey('')).toThrow(/at least 32 bytes/);
  });
});

describe('chainHash', () => {
  it('gives the same hash when the body keys are in a different order', () => {
    const firmId = randomUUID();
    const eventId = randomUUID();

    const hashA = chainHash(KEY, GENESIS_HASH, firmId, 1, eventId, {
      action: 'x',
      status: 200,
      details: { a: 1, b: 2 },
    });
    const hashB = chainHash(KEY, GENESIS_HASH, firmId, 1, eventId, {
      details: { b: 2, a: 1 },
      status: 200,
      action: 'x',
    });

    expect(hashA).toBe(hashB);
    expect(hashA).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when any covered field or the key changes', () => {
    const firmId = randomUUID();
    const eventId = randomUUID();
    const body = { action: 'x' };
    const base = chainHash(KEY, GENESIS_HASH, firmId, 1, eventId, body);

    expect(chainHash(randomBytes(32), GENESIS_HASH, firmId, 1, eventId, body)).not.toBe(base);
    expect(chainHash(KEY, '1'.repeat(64), firmId, 1, eventId, body)).not.toBe(base);
    expect(chainHash(KEY, GENESIS_HASH, randomUUID(), 1, eventId, body)).not.toBe(base);
    expect(chainHash(KEY, GENESIS_HASH, firmId, 2, eventId, body)).not.toBe(base);
    expect(chainHash(KEY, GENESIS_HASH, firmId, 1, randomUUID(), body)).not.toBe(base);
    expect(chainHash(KEY, GENESIS_HASH, firmId, 1, eventId, { action: 'y' })).not.toBe(base);
  });
});

describe('verifyChain', () => {
  it('reports an intact chain when no record was touched', () => {
    const records = buildChain(5);

    expect(verifyChain(KEY, records, headOf(records))).toEqual({
      intact: true,
      checked: 5,
      lastSeq: 5,
      breaks: [],
      moreBreaks: 0,
    });
  });

  it('reports an empty chain as intact with a genesis head or no head at all', () => {
    expect(verifyChain(KEY, [], { lastSeq: 0, lastHash: GENESIS_HASH }).intact).toBe(true);
    expect(verifyChain(KEY, [], null).intact).toBe(true);
  });

  it('finds a hash mismatch at the edited record when a body is changed', () => {
    const records = buildChain(5);
    const head = headOf(records);
    records[2] = { ...records[2]!, body: { ...records[2]!.body, action: 'something.else' } };

    const result = verifyChain(KEY, records, head);

    expect(result.intact).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'hash-mismatch' })]);
  });

  it('finds every record of a chain rebuilt by someone without the key', () => {
    const records = buildChain(3);
    const forged = buildChain(3, records[0]!.firmId, randomBytes(32));

    const result = verifyChain(KEY, forged, headOf(forged));

    expect(result.breaks.filter((b) => b.reason === 'hash-mismatch').map((b) => b.seq)).toEqual([1, 2, 3]);
  });

  it('finds a link mismatch at the next record when an edited record was re-hashed with the key', () => {
    const records = buildChain(4);
    const head = headOf(records);
    const edited = records[1]!;
    const forgedBody = { ...edited.body, action: 'forged' };
    records[1] = {
      ...edited,
      body: forgedBody,
      hash: chainHash(KEY, edited.prevHash, edited.firmId, edited.seq, edited.eventId, forgedBody),
    };

    const result = verifyChain(KEY, records, head);

    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'link-mismatch' })]);
  });

  it('finds a missing record at the gap when a middle record is deleted', () => {
    const records = buildChain(5);
    const withoutThird = records.filter((record) => record.seq !== 3);

    const result = verifyChain(KEY, withoutThird, headOf(records));

    expect(result.checked).toBe(4);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'missing-record' })]);
    expect(result.breaks[0]!.detail).toContain('3..3');
  });

  it('finds a missing tail against the head when the last records are deleted', () => {
    const records = buildChain(5);

    const result = verifyChain(KEY, records.slice(0, 3), headOf(records));

    expect(result.lastSeq).toBe(3);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 4, reason: 'missing-tail' })]);
    expect(result.breaks[0]!.detail).toContain('4..5');
  });

  it('finds records past the head when the head was rewound but the tail kept', () => {
    const records = buildChain(5);

    const result = verifyChain(KEY, records, headOf(records.slice(0, 3)));

    expect(result.breaks).toEqual([expect.objectContaining({ seq: 4, reason: 'past-head' })]);
  });

  it('finds a missing head when records exist without one', () => {
    const result = verifyChain(KEY, buildChain(2), null);

    expect(result.breaks).toEqual([expect.objectContaining({ seq: 1, reason: 'missing-head' })]);
  });

  it('finds a rewound head with a deleted tail only against the anchor kept outside the database', () => {
    const records = buildChain(5);
    const rewound = records.slice(0, 3);

    expect(verifyChain(KEY, rewound, headOf(rewound)).intact).toBe(true);
    const result = verifyChain(KEY, rewound, headOf(rewound), headOf(records));
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 4, reason: 'rewound-head' })]);
  });

  it('finds a head whose hash does not match the record at its place', () => {
    const records = buildChain(3);

    const result = verifyChain(KEY, records, { lastSeq: 3, lastHash: records[1]!.hash });

    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'hash-mismatch' })]);
  });

  it('lists at most MAX_LISTED_BREAKS breaks and counts the rest', () => {
    const records = buildChain(MAX_LISTED_BREAKS + 10, randomUUID(), randomBytes(32));
    const verifier = new ChainVerifier(KEY, headOf(records));
    for (const record of records) verifier.add(record);

    const result = verifier.finish();

    expect(result.breaks).toHaveLength(MAX_LISTED_BREAKS);
    expect(result.moreBreaks).toBe(10);
  });
});
