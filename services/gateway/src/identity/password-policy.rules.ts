import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * NIST SP 800-63B rev. 4 (§3.1.1.2) for a password that is the only factor: at least 15 characters
 * (counted as Unicode code points after NFKC), at least 64 accepted (we take 128), no composition
 * rules, and a check against a list of commonly used or compromised values and context-specific
 * words. The list is zxcvbn-ts's 49,233 most common passwords.
 */
export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common']);

/** What is wrong with `password` for this user (empty: acceptable), as field-level messages. */
export function passwordProblems(password: string, context: { email: string }): string[] {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) return [`must be at least ${PASSWORD_MIN_LENGTH} characters long`];
  if (length > PASSWORD_MAX_LENGTH) return [`must be at most ${PASSWORD_MAX_LENGTH} characters long`];
  const lower = normalised.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return ['is a commonly used password; choose another'];
  if (new Set(lower).size < 4) return ['repeats too few characters; choose another'];
  const localPart = context.email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 4 && lower.includes(localPart)) return ['must not contain your e-mail address'];
  return [];
}
