import { detectBlockBilling } from './block-billing';

describe('detectBlockBilling', () => {
  it.each([
    'Drafted motion; called client; reviewed docs',
    'Reviewed deposition transcript. Drafted summary for client.',
    'Drafted letter to client and called opposing counsel',
    'Drafted motion to compel, reviewed production log',
    'Prepared for hearing; attended hearing on motion to dismiss',
    '(1) researched statute of limitations; (2) drafted memo to partner',
    'Draft reply brief; review opposition; call client',
    'Reviewed file\ne-mailed client re status',
    'Drafted and revised motion; reviewed client comments',
  ])('finds block billing in %p', (narrative) => {
    expect(detectBlockBilling(narrative).blockBilled).toBe(true);
  });

  it.each([
    ['two verbs sharing one object', 'Reviewed and revised the motion'],
    ['several verbs sharing one object', 'Reviewed, revised and finalized the motion'],
    [
      'a verb with only a preposition before the next one',
      'Prepared for and attended deposition of J. Smith',
    ],
    ['one task with a list of objects', 'Reviewed deposition transcripts of Smith, Jones, and Lee'],
    ['a meeting and what was discussed', 'Met with client and discussed settlement strategy'],
    ['a noun after "and"', 'Reviewed letter re: draft settlement and research memo'],
    ['a gerund used as a noun', 'Drafted motion, filing fee to follow'],
    ['the same kind of work twice', 'Called client; e-mailed opposing counsel re scheduling'],
    ['the same verb twice', 'Reviewed production volume 1; reviewed production volume 2'],
    ['abbreviations with full stops', 'Conference with Mr. Smith re. discovery plan'],
    ['a narrative without task verbs', 'Attention to discovery issues'],
    ['an empty narrative', ''],
  ])('does not flag %s', (_case, narrative) => {
    expect(detectBlockBilling(narrative).blockBilled).toBe(false);
  });

  it('lists the clauses it read as tasks and their kinds of work', () => {
    expect(detectBlockBilling('Drafted motion; called client; reviewed docs')).toEqual({
      blockBilled: true,
      tasks: ['Drafted motion', 'called client', 'reviewed docs'],
      kinds: ['drafting', 'communicating', 'reviewing'],
    });
  });
});
