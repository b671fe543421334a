/**
 * UTBMS expense codes (the E-series of the ABA / LEDES Uniform Task-Based Management System),
 * the set clients' e-billing systems accept on an expense line.
 */
export const EXPENSE_CODES = [
  { code: 'E101', description: 'Copying' },
  { code: 'E102', description: 'Outside printing' },
  { code: 'E103', description: 'Word processing' },
  { code: 'E104', description: 'Facsimile' },
  { code: 'E105', description: 'Telephone' },
  { code: 'E106', description: 'Online research' },
  { code: 'E107', description: 'Delivery services/messengers' },
  { code: 'E108', description: 'Postage' },
  { code: 'E109', description: 'Local travel' },
  { code: 'E110', description: 'Out-of-town travel' },
  { code: 'E111', description: 'Meals' },
  { code: 'E112', description: 'Court fees' },
  { code: 'E113', description: 'Subpoena fees' },
  { code: 'E114', description: 'Witness fees' },
  { code: 'E115', description: 'Deposition transcripts' },
  { code: 'E116', description: 'Trial transcripts' },
  { code: 'E117', description: 'Trial exhibits' },
  { code: 'E118', description: 'Litigation support vendors' },
  { code: 'E119', description: 'Experts' },
  { code: 'E120', description: 'Private investigators' },
  { code: 'E121', description: 'Arbitrators/mediators' },
  { code: 'E122', description: 'Local counsel' },
  { code: 'E123', description: 'Other professionals' },
  { code: 'E124', description: 'Other' },
] as const;

export type ExpenseCode = (typeof EXPENSE_CODES)[number]['code'];

const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(
  EXPENSE_CODES.map((entry) => [entry.code, entry.description]),
);

export const isExpenseCode = (value: unknown): value is ExpenseCode =>
  typeof value === 'string' && DESCRIPTIONS.has(value);

/** The UTBMS description of a code, or undefined for anything that is not one. */
export const expenseCodeDescription = (code: string): string | undefined => DESCRIPTIONS.get(code);
