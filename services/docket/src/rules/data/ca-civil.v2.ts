import type { RuleSetDefinition } from '../deadline.rules';
import { CA_CIVIL_V1 } from './ca-civil.v1';

/**
 * California civil procedure, core set, version 2: the rules of version 1 unchanged, counted on the
 * corrected court calendar `ca-courts` v2 (Saturday holidays observed the Friday before, Juneteenth and
 * Native American Day). In force over the same dates as version 1, and the later version wins, so every
 * new trigger counts on the corrected calendar; a trigger created under version 1 keeps it.
 */
export const CA_CIVIL_V2: RuleSetDefinition = {
  ...CA_CIVIL_V1,
  version: 2,
  holidayCalendar: { id: 'ca-courts', version: 2 },
};
