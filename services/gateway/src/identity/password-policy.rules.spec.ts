import { passwordProblems } from './password-policy.rules';

const context = { email: 'jane.doe@firm.test' };

describe('passwordProblems', () => {
  it('accepts a long passphrase with no composition rules', () => {
    expect(passwordProblems('correct horse battery staple', context)).toEqual([]);
    expect(passwordProblems('lowercase only and long', context)).toEqual([]);
  });

  it('refuses fewer than 15 characters, counting code points rather than UTF-16 units', () => {
    expect(passwordProblems('short but okay', context)).toEqual(['must be at least 15 characters long']);
    expect(passwordProblems('🔒'.repeat(7), context)).toEqual(['must be at least 15 characters long']);
  });

  it('refuses more than 128 characters', () => {
    expect(passwordProblems('abcd'.repeat(33), context)).toEqual(['must be at most 128 characters long']);
  });

  it('refuses a common password whatever its case', () => {
    expect(passwordProblems('PasswordPassword', context)).toEqual([
      'is a commonly used password; choose another',
    ]);
  });

  it('refuses repetition and the e-mail address', () => {
    expect(passwordProblems('aaaaaaaaaaaaaaabbb', context)).toEqual([
      'repeats too few characters; choose another',
    ]);
    expect(passwordProblems('my name is Jane.Doe ok', context)).toEqual([
      'must not contain your e-mail address',
    ]);
  });
});
