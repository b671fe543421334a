import { clientRequestIdOf, mintRequestId, rememberClientRequestId } from './request-id';

describe('request ids', () => {
  it('mints a fresh UUID for every request', () => {
    const ids = new Set(Array.from({ length: 100 }, () => mintRequestId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps the caller's X-Request-Id apart from ours, the first of repeated headers, bounded", () => {
    const request = {};
    expect(clientRequestIdOf(request)).toBeUndefined();
    rememberClientRequestId(request, ['first', 'second']);
    expect(clientRequestIdOf(request)).toBe('first');

    const long = {};
    rememberClientRequestId(long, 'x'.repeat(5000));
    expect(clientRequestIdOf(long)).toHaveLength(1000);

    const empty = {};
    rememberClientRequestId(empty, '');
    expect(clientRequestIdOf(empty)).toBeUndefined();
  });
});
