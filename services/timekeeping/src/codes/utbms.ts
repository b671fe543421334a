/**
 * UTBMS (Uniform Task-Based Management System) codes used on time entries and expenses: the
 * litigation task code set (phases L100–L500 and their tasks), the activity codes A101–A111 and
 * the expense codes E101–E124, as published by the ABA / LEDES Oversight Committee.
 *
 * Time is recorded against a task (L110), never against a phase (L100): a phase only groups its
 * tasks, which is why `isTaskCode` accepts task-level codes only.
 */
export type UtbmsCodeSet = 'task' | 'activity' | 'expense';
export const UTBMS_CODE_SETS: readonly UtbmsCodeSet[] = ['task', 'activity', 'expense'];

export interface UtbmsCode {
  code: string;
  description: string;
  set: UtbmsCodeSet;
  /** In the task set: a phase groups tasks; only tasks are recorded on entries. */
  kind?: 'phase' | 'task';
  /** A task's phase (e.g. L120 → L100). */
  phase?: string;
}

interface PhaseDefinition {
  code: string;
  description: string;
  tasks: Array<[code: string, description: string]>;
}

const LITIGATION_PHASES: PhaseDefinition[] = [
  {
    code: 'L100',
    description: 'Case Assessment, Development and Administration',
    tasks: [
      ['L110', 'Fact Investigation/Development'],
      ['L120', 'Analysis/Strategy'],
      ['L130', 'Experts/Consultants'],
      ['L140', 'Document/File Management'],
      ['L150', 'Budgeting'],
      ['L160', 'Settlement/Non-Binding ADR'],
      ['L190', 'Other Case Assessment, Development and Administration'],
    ],
  },
  {
    code: 'L200',
    description: 'Pre-Trial Pleadings and Motions',
    tasks: [
      ['L210', 'Pleadings'],
      ['L220', 'Preliminary Injunctions/Provisional Remedies'],
      ['L230', 'Court Mandated Conferences'],
      ['L240', 'Dispositive Motions'],
      ['L250', 'Other Written Motions and Submissions'],
      ['L260', 'Class Action Certification and Notice'],
    ],
  },
  {
    code: 'L300',
    description: 'Discovery',
    tasks: [
      ['L310', 'Written Discovery'],
      ['L320', 'Document Production'],
      ['L330', 'Depositions'],
      ['L340', 'Expert Discovery'],
      ['L350', 'Discovery Motions'],
      ['L390', 'Other Discovery'],
    ],
  },
  {
    code: 'L400',
    description: 'Trial Preparation and Trial',
    tasks: [
      ['L410', 'Fact Witnesses'],
      ['L420', 'Expert Witnesses'],
      ['L430', 'Written Motions and Submissions'],
      ['L440', 'Other Trial Preparation and Support'],
      ['L450', 'Trial and Hearing Attendance'],
      ['L460', 'Post-Trial Motions and Submissions'],
      ['L470', 'Enforcement'],
    ],
  },
  {
    code: 'L500',
    description: 'Appeal',
    tasks: [
      ['L510', 'Appellate Motions and Submissions'],
      ['L520', 'Appellate Briefs'],
      ['L530', 'Oral Argument'],
    ],
  },
];

export const TASK_CODES: readonly UtbmsCode[] = LITIGATION_PHASES.flatMap((phase) => [
  { code: phase.code, description: phase.description, set: 'task' as const, kind: 'phase' as const },
  ...phase.tasks.map(([code, description]) => ({
    code,
    description,
    set: 'task' as const,
    kind: 'task' as const,
    phase: phase.code,
  })),
]);

export const ACTIVITY_CODES: readonly UtbmsCode[] = (
  [
    ['A101', 'Plan and prepare for'],
    ['A102', 'Research'],
    ['A103', 'Draft/revise'],
    ['A104', 'Review/analyze'],
    ['A105', 'Communicate (in firm)'],
    ['A106', 'Communicate (with client)'],
    ['A107', 'Communicate (other outside counsel)'],
    ['A108', 'Communicate (other external)'],
    ['A109', 'Appear for/attend'],
    ['A110', 'Manage data/files'],
    ['A111', 'Other'],
  ] as const
).map(([code, description]) => ({ code, description, set: 'activity' as const }));

export const EXPENSE_CODES: readonly UtbmsCode[] = (
  [
    ['E101', 'Copying'],
    ['E102', 'Outside printing'],
    ['E103', 'Word processing'],
    ['E104', 'Facsimile'],
    ['E105', 'Telephone'],
    ['E106', 'Online research'],
    ['E107', 'Delivery services/messengers'],
    ['E108', 'Postage'],
    ['E109', 'Local travel'],
    ['E110', 'Out-of-town travel'],
    ['E111', 'Meals'],
    ['E112', 'Court fees'],
    ['E113', 'Subpoena fees'],
    ['E114', 'Witness fees'],
    ['E115', 'Deposition transcripts'],
    ['E116', 'Trial transcripts'],
    ['E117', 'Trial exhibits'],
    ['E118', 'Litigation support vendors'],
    ['E119', 'Experts'],
    ['E120', 'Private investigators'],
    ['E121', 'Arbitrators/mediators'],
    ['E122', 'Local counsel'],
    ['E123', 'Other professionals'],
    ['E124', 'Other'],
  ] as const
).map(([code, description]) => ({ code, description, set: 'expense' as const }));

const BY_SET: Record<UtbmsCodeSet, readonly UtbmsCode[]> = {
  task: TASK_CODES,
  activity: ACTIVITY_CODES,
  expense: EXPENSE_CODES,
};
const BY_CODE = new Map<string, UtbmsCode>(
  [...TASK_CODES, ...ACTIVITY_CODES, ...EXPENSE_CODES].map((entry) => [entry.code, entry]),
);

/** The codes of one set (all sets when none is given), in code order. */
export function utbmsCodes(set?: UtbmsCodeSet): readonly UtbmsCode[] {
  return set ? BY_SET[set] : [...TASK_CODES, ...ACTIVITY_CODES, ...EXPENSE_CODES];
}

export function findUtbmsCode(code: string): UtbmsCode | undefined {
  return BY_CODE.get(code);
}

/** A litigation task code time can be recorded against (L110, not the phase L100). */
export function isTaskCode(code: string | null | undefined): boolean {
  const entry = code ? BY_CODE.get(code) : undefined;
  return entry?.set === 'task' && entry.kind === 'task';
}

export function isActivityCode(code: string | null | undefined): boolean {
  return (code ? BY_CODE.get(code)?.set : undefined) === 'activity';
}

export function isExpenseCode(code: string | null | undefined): boolean {
  return (code ? BY_CODE.get(code)?.set : undefined) === 'expense';
}

/** The tasks of a phase (L100 → L110…L190), for telling the user what to pick instead. */
export function tasksOfPhase(phase: string): readonly UtbmsCode[] {
  return TASK_CODES.filter((entry) => entry.phase === phase);
}
