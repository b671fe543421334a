/**
 * Block billing: several tasks recorded as one entry with one lump of time, so the client cannot
 * see what each task took. Outside-counsel guidelines commonly refuse it.
 *
 * Detection is a heuristic over the narrative, deliberately conservative: in block mode a false
 * alarm refuses honest time, while a missed block-billed entry is still caught by the reviewing
 * attorney. How it reads a narrative:
 *
 * 1. The narrative is cut into clauses, first at strong separators (';', line breaks, bullets,
 *    sentence ends), then each piece at weak ones (',', '/', '&', ' and ', ' then ', ' plus ').
 * 2. A clause is a task when its first word is a task verb (drafted, reviewed, called, …) and
 *    something other than an article or preposition follows it. In "Reviewed and revised the
 *    motion" the bare "Reviewed" is not a task of its own: both verbs share one object.
 * 3. After a weak separator only past-tense verbs count ("…, called client"), because base and -ing
 *    forms there are mostly nouns ("and research memo", "and filing fee"). At the start, or after
 *    a strong separator, any form counts ("Draft motion; call client").
 * 4. Verbs are grouped by the kind of work (roughly the UTBMS activities: drafting, reviewing,
 *    communicating, …), and the entry is block-billed only when its tasks are of two or more
 *    kinds. "Called client; e-mailed opposing counsel" is let through (one kind of work);
 *    "Drafted motion; called client; reviewed docs" is not. "Discussed" and "argued" are not task
 *    verbs: they usually say what a call, meeting or hearing was about ("Met client and discussed …").
 */

type WorkKind =
  | 'drafting'
  | 'reviewing'
  | 'communicating'
  | 'researching'
  | 'preparing'
  | 'attending'
  | 'managing files'
  | 'travelling'
  | 'serving papers';

interface VerbForm {
  kind: WorkKind;
  past: boolean;
}

const VERB_FORMS = new Map<string, VerbForm>();

/** Registers a verb's forms: base, third person and -ing (any position), past (also after a weak separator). */
function verb(
  kind: WorkKind,
  stem: string,
  irregular: { past?: string[]; ing?: string; third?: string } = {},
): void {
  const endsInE = stem.endsWith('e') && !stem.endsWith('ee');
  const third = irregular.third ?? (/(s|x|sh|ch)$/.test(stem) ? `${stem}es` : `${stem}s`);
  const ing = irregular.ing ?? (endsInE ? `${stem.slice(0, -1)}ing` : `${stem}ing`);
  const past = irregular.past ?? [endsInE ? `${stem}d` : `${stem}ed`];
  for (const form of [stem, third, ing])
    if (!VERB_FORMS.has(form)) VERB_FORMS.set(form, { kind, past: false });
  for (const form of past) VERB_FORMS.set(form, { kind, past: true });
}

for (const stem of ['draft', 'edit', 'revise', 'finalize', 'finalise']) verb('drafting', stem);
verb('drafting', 'write', { past: ['wrote', 'written'] });
verb('drafting', 'proofread', { past: ['proofread'] });
for (const stem of ['review', 'examine', 'analyze', 'analyse', 'summarize', 'summarise'])
  verb('reviewing', stem);
verb('reviewing', 'read', { past: ['read'] });
for (const stem of ['call', 'telephone', 'phone', 'email', 'e-mail', 'correspond', 'interview', 'negotiate'])
  verb('communicating', stem);
verb('communicating', 'confer', { past: ['conferred'], ing: 'conferring' });
verb('communicating', 'meet', { past: ['met'] });
verb('communicating', 'send', { past: ['sent'] });
for (const stem of ['research', 'investigate']) verb('researching', stem);
for (const stem of ['prepare', 'outline']) verb('preparing', stem);
for (const stem of ['attend', 'appear', 'participate']) verb('attending', stem);
for (const stem of ['compile', 'index', 'file', 'organize', 'organise', 'schedule'])
  verb('managing files', stem);
verb('travelling', 'travel', { past: ['traveled', 'travelled'], ing: 'traveling' });
verb('serving papers', 'serve');

/** Words that do not make a clause a task of its own when they are all that follows the verb. */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'for',
  'with',
  'to',
  'on',
  'in',
  'at',
  'of',
  're',
  'regarding',
  'about',
  'from',
  'by',
  'into',
  'up',
  'out',
  'over',
  'and',
  'or',
  'same',
  'it',
  'them',
  'further',
  'additional',
]);
/** Words that may come before the verb without changing what the clause is ("also reviewed …"). */
const LEADING_FILLERS = new Set([
  'also',
  'further',
  'then',
  'additionally',
  'subsequently',
  'thereafter',
  'briefly',
  'initially',
  'next',
  'finally',
  'and',
]);

const STRONG_SEPARATORS = /[;\n\r•·]+|[.!?](?=\s|$)/;
const WEAK_SEPARATORS = /,|\/|&|\s(?:and|then|plus)\s/i;
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

export interface BlockBillingFinding {
  blockBilled: boolean;
  /** The clauses read as separate tasks, as written (shortened), in order. */
  tasks: string[];
  /** The distinct kinds of work those tasks are. */
  kinds: string[];
}

export function detectBlockBilling(narrative: string): BlockBillingFinding {
  const tasks: Array<{ text: string; kind: WorkKind }> = [];
  for (const sentence of narrative.split(STRONG_SEPARATORS)) {
    sentence.split(WEAK_SEPARATORS).forEach((clause, index) => {
      const kind = taskKind(clause, index === 0);
      if (kind) tasks.push({ text: shorten(clause), kind });
    });
  }
  const kinds = [...new Set(tasks.map((task) => task.kind))];
  return { blockBilled: kinds.length >= 2, tasks: tasks.map((task) => task.text), kinds };
}

function taskKind(clause: string, afterStrongSeparator: boolean): WorkKind | undefined {
  const words = (clause.toLowerCase().match(WORD) ?? []).map((word) => word.replace(/’/g, "'"));
  let start = 0;
  // Enumerations ("(1) drafted …", "a) …") and fillers ("also reviewed …") come before the verb.
  while (start < words.length && (LEADING_FILLERS.has(words[start]!) || /^(\d+|[a-z])$/.test(words[start]!)))
    start += 1;
  const form = words[start] ? VERB_FORMS.get(words[start]!) : undefined;
  if (!form || (!afterStrongSeparator && !form.past)) return undefined;
  const hasObject = words.slice(start + 1).some((word) => !FUNCTION_WORDS.has(word));
  return hasObject ? form.kind : undefined;
}

function shorten(clause: string): string {
  const text = clause.trim().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
