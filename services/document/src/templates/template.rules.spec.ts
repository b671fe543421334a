import { mergeTemplate } from './template.rules';

describe('mergeTemplate', () => {
  it('fills every placeholder, with or without spaces inside the braces, as often as it appears', () => {
    expect(
      mergeTemplate(
        'Re: {{matter.title}} ({{ matter.number }})\nDear {{fields.recipient}}, re {{matter.number}}.',
        {
          'matter.title': 'Acme v. Widget',
          'matter.number': 'M-2026-0001',
          'fields.recipient': 'Ms. Doe',
        },
      ),
    ).toEqual({ text: 'Re: Acme v. Widget (M-2026-0001)\nDear Ms. Doe, re M-2026-0001.' });
  });

  it('reports every name without a value instead of leaving it in', () => {
    expect(mergeTemplate('{{b.x}} {{a}} {{b.x}} {{known}}', { known: 'k' })).toEqual({
      unknown: ['a', 'b.x'],
    });
  });

  it('leaves text that is not a placeholder alone, and does not merge values twice', () => {
    expect(mergeTemplate('{not} {{ 1bad }} {{a}}', { a: '{{b}}', b: 'no' })).toEqual({
      text: '{not} {{ 1bad }} {{b}}',
    });
  });
});
