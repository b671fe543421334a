import { randomUUID } from 'node:crypto';
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain, type ChainedRecord } from './chain';

/** Builds a correctly linked chain of `length` records for one new firm. */
function buildChain(length: number, firmId = randomUUID()): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const eventId = randomUUID();
    const body = {
      action: `matter.update.${seq}`,
      actorId: randomUUID(),
      details: { minutes: seq * 6, billable: true },
    };
    const hash = chainHash(prevHash, firmId, seq, eventId, body);
    records.push({ firmId, seq, eventId, body, prevHash, hash });
    prevHash = hash;
  }
  return records;
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

describe('chainHash', () => {
  it('gives the same hash when the body keys are in a different order', () => {
    const firmId = randomUUID();
    const eventId = randomUUID();

    const hashA = chainHash(GENESIS_HASH, firmId, 1, eventId, {
      action: 'x',
      status: 200,
      details: { a: 1, b: 2 },
    });
    const hashB = chainHash(GENESIS_HASH, firmId, 1, eventId, {
      details: { b: 2, a: 1 },
      status: 200,
      action: 'x',
    });

    expect(hashA).toBe(hashB);
    expect(hashA).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when any covered field changes', () => {
    const firmId = randomUUID();
    const eventId = randomUUID();
    const body = { action: 'x' };
    const base = chainHash(GENESIS_HASH, firmId, 1, eventId, body);

    expect(chainHash('1'.repeat(64), firmId, 1, eventId, body)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, randomUUID(), 1, eventId, body)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, firmId, 2, eventId, body)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, firmId, 1, randomUUID(), body)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, firmId, 1, eventId, { action: 'y' })).not.toBe(base);
  });
});

describe('verifyChain', () => {
  it('reports an intact chain when no record was touched', () => {
    const records = buildChain(5);

    const result = verifyChain(records, 5, records[4]!.hash);

    expect(result).toEqual({ intact: true, checked: 5, lastSeq: 5, breaks: [] });
  });

  it('reports an empty chain as intact when the store expects no records', () => {
    expect(verifyChain([], 0)).toEqual({ intact: true, checked: 0, lastSeq: 0, breaks: [] });
  });

  it('finds a hash mismatch at the edited record when a body is changed', () => {
    const records = buildChain(5);
    records[2] = { ...records[2]!, body: { ...records[2]!.body, action: 'something.else' } };

    const result = verifyChain(records, 5, records[4]!.hash);

    expect(result.intact).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'hash-mismatch' })]);
  });

  it('finds a link mismatch at the next record when an edited record was re-hashed to hide the edit', () => {
    const records = buildChain(4);
    const edited = records[1]!;
    const forgedBody = { ...edited.body, action: 'forged' };
    records[1] = {
      ...edited,
      body: forgedBody,
      hash: chainHash(edited.prevHash, edited.firmId, edited.seq, edited.eventId, forgedBody),
    };

    const result = verifyChain(records, 4, records[3]!.hash);

    expect(result.intact).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'link-mismatch' })]);
  });

  it('finds a missing record at the gap when a middle record is deleted', () => {
    const records = buildChain(5);
    const withoutThird = records.filter((record) => record.seq !== 3);

    const result = verifyChain(withoutThird, 5, records[4]!.hash);

    expect(result.intact).toBe(false);
    expect(result.checked).toBe(4);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'missing-record' })]);
    expect(result.breaks[0]!.detail).toContain('3..3');
  });

  it('finds a missing tail against the expected last seq when the last records are deleted', () => {
    const records = buildChain(5);
    const truncated = records.slice(0, 3);

    const result = verifyChain(truncated, 5, records[4]!.hash);

    expect(result.intact).toBe(false);
    expect(result.lastSeq).toBe(3);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 4, reason: 'missing-tail' })]);
    expect(result.breaks[0]!.detail).toContain('4..5');
  });

  it('finds a missing tail when every record is deleted but the store expects some', () => {
    const result = verifyChain([], 2);

    expect(result.intact).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 1, reason: 'missing-tail' })]);
  });

  it('finds a mismatch with the chain head when the last record was replaced by a self-consistent forgery', () => {
    const records = buildChain(3);
    const last = records[2]!;
    const forgedBody = { ...last.body, action: 'forged' };
    records[2] = {
      ...last,
      body: forgedBody,
      hash: chainHash(last.prevHash, last.firmId, last.seq, last.eventId, forgedBody),
    };

    const result = verifyChain(records, 3, last.hash);

    expect(result.intact).toBe(false);
    expect(result.breaks).toEqual([expect.objectContaining({ seq: 3, reason: 'hash-mismatch' })]);
  });
});
