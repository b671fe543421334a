import { findUnsafeText, MAX_INPUT_DEPTH, unsafeTextReason } from './unsafe-text';

describe('unsafeTextReason', () => {
  it.each([
    ['plain text', 'Acme Ltd'],
    ['non-ASCII text', 'Müller ☃ 日本'],
    ['a paired surrogate (an emoji)', 'brief 📄 filed'],
    ['the empty string', ''],
  ])('accepts %s', (_label, value) => {
    expect(unsafeTextReason(value)).toBeUndefined();
  });

  it.each([
    ['a NUL byte', 'Acme\u0000Ltd', 'must not contain NUL characters'],
    ['a lone high surrogate', 'Acme\uD800', 'must not contain unpaired UTF-16 surrogates'],
    ['a lone low surrogate', '\uDC00Acme', 'must not contain unpaired UTF-16 surrogates'],
    ['reversed surrogates', '\uDC00\uD800', 'must not contain unpaired UTF-16 surrogates'],
  ])('refuses %s', (_label, value, reason) => {
    expect(unsafeTextReason(value)).toBe(reason);
  });
});

describe('findUnsafeText', () => {
  it('names a top-level field that contains a NUL character', () => {
    expect(findUnsafeText({ name: 'Acme\u0000', email: 'a@example.com' })).toEqual({
      field: 'name',
      message: 'name must not contain NUL characters',
    });
  });

  it('names the path of a nested field inside an array', () => {
    const body = { entries: [{ narrative: 'ok' }, { narrative: 'bad \uD83D' }] };

    expect(findUnsafeText(body)).toEqual({
      field: 'entries.1.narrative',
      message: 'entries.1.narrative must not contain unpaired UTF-16 surrogates',
    });
  });

  it('reports the first bad field in document order when several are bad', () => {
    expect(findUnsafeText({ a: 'x\u0000', b: 'y\u0000' })?.field).toBe('a');
  });

  it('refuses a key that contains a NUL character', () => {
    expect(findUnsafeText({ 'na\u0000me': 'Acme' })).toEqual({
      field: 'na\u0000me',
      message: 'field name must not contain NUL characters',
    });
  });

  it('reports a bare string body as body', () => {
    expect(findUnsafeText('x\u0000')?.field).toBe('body');
  });

  it.each([
    ['without a prototype', Object.create(null) as object],
    [
      'whose prototype has none (as Fastify parses a query string)',
      Object.create(Object.create(null) as object) as object,
    ],
  ])('walks query objects %s', (_label, query) => {
    expect(findUnsafeText(Object.assign(query, { cursor: '\u0000' }))?.field).toBe('cursor');
  });

  it('accepts clean input of every JSON type', () => {
    expect(findUnsafeText({ a: 1, b: true, c: null, d: ['x', { e: 'y' }], f: '📄' })).toBeUndefined();
    expect(findUnsafeText(undefined)).toBeUndefined();
  });

  it('does not walk a Buffer body byte by byte', () => {
    expect(findUnsafeText(Buffer.from([0, 0, 0]))).toBeUndefined();
  });

  it('refuses input nested deeper than the bound without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level++) deep = [deep];

    const tooDeep = findUnsafeText(deep);

    expect(tooDeep?.field).toBe(Array.from({ length: MAX_INPUT_DEPTH }, () => '0').join('.'));
    expect(tooDeep?.message).toMatch(new RegExp(`is nested more than ${MAX_INPUT_DEPTH} levels deep$`));
  });

  it('accepts input nested exactly to the bound', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < MAX_INPUT_DEPTH; level++) deep = { child: deep };

    expect(findUnsafeText(deep)).toBeUndefined();
  });
});
