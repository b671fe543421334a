export const RELEVANCE = ['relevant', 'not-relevant', 'needs-further-review'] as const;
export type Relevance = (typeof RELEVANCE)[number];

/** FRCP 26(b)(5)(A) privilege bases a review may claim. */
export const PRIVILEGE_TYPES = ['attorney-client', 'work-product', 'common-interest'] as const;
export type PrivilegeType = (typeof PRIVILEGE_TYPES)[number];

export const PRIVILEGE_TREATMENTS = ['withheld', 'redacted'] as const;
export type PrivilegeTreatment = (typeof PRIVILEGE_TREATMENTS)[number];

/** Protective-order designations. */
export const CONFIDENTIALITY = ['confidential', 'highly-confidential-aeo'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];

/** What a privilege call must carry to be logged: a basis and a treatment go together. */
export function privilegeProblems(
  types: readonly string[],
  treatment: string | null | undefined,
  description: string | null | undefined,
): Array<{ field: string; message: string }> {
  if (types.length === 0)
    return treatment
      ? [{ field: 'privilegeTreatment', message: 'privilegeTreatment needs privilegeTypes' }]
      : [];
  const problems: Array<{ field: string; message: string }> = [];
  if (!treatment)
    problems.push({
      field: 'privilegeTreatment',
      message: 'privilegeTreatment is required when privilege is claimed',
    });
  if (!description)
    problems.push({
      field: 'privilegeDescription',
      message: 'privilegeDescription is required when privilege is claimed (FRCP 26(b)(5)(A)(ii))',
    });
  return problems;
}
