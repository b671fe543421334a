import { FIRM_ROLES, type AccessPolicy, type FirmRole } from '@lawfirm/auth';

/** Everyone in the firm reads documents (each read is on the document's custody log). */
const READERS: readonly FirmRole[] = FIRM_ROLES;
/** Who files documents and folders: the people who work the matter. */
const FILERS: readonly FirmRole[] = ['firm-admin', 'attorney', 'paralegal'];

/**
 * Who may do what in document — the one table the routes read (`@Permit`) and the README's
 * "Who may do what" shows.
 */
export const DOCUMENT_POLICY = {
  'document.read': { anyone: READERS },
  'document.upload': { anyone: FILERS },
  'folder.create': { anyone: FILERS },
  // Coding (tags, privilege calls) is reviewers' work: outsourced review teams act as paralegals.
  'document.review': { anyone: FILERS },
  'custody.read': { anyone: READERS },
  // Stamping Bates numbers commits the firm to what it produces: lawyers only.
  'production.create': { anyone: ['firm-admin', 'attorney'] },
  // Holds and destruction decide what the firm may lose: lawyers and administrators.
  'hold.manage': { anyone: ['firm-admin', 'attorney'] },
  'document.destroy': { anyone: ['firm-admin', 'attorney'] },
  // Re-wrapping every data key of the firm is a security operation.
  'firm-key.rotate': { anyone: ['firm-admin'] },
} as const satisfies AccessPolicy;
