import { describe, expect, it } from '@jest/globals';
import { MAX_PASSWORD_LENGTH, passwordProblem, PasswordProblem } from './password-policy.js';

describe(passwordProblem.name, () => {
  it.each([
    ['kort', PasswordProblem.TooShort],
    ['elf-tekens!', PasswordProblem.TooShort],
    ['x'.repeat(MAX_PASSWORD_LENGTH + 1), PasswordProblem.TooLong],
    ['123456789012', PasswordProblem.TooWeak],
    ['password1234', PasswordProblem.TooWeak],
    ['wachtwoord12', PasswordProblem.TooWeak],
    ['welkom123456', PasswordProblem.TooWeak],
    ['qwertyuiop123', PasswordProblem.TooWeak],
    ['aaaaaaaaaaaa', PasswordProblem.TooWeak],
    ['iloveyou1234', PasswordProblem.TooWeak],
  ])('refuses %j (%s)', async (password, problem) => {
    expect(await passwordProblem(password)).toBe(problem);
  });

  it.each(['correct horse battery staple', 'een-lang-genoeg-wachtwoord', 'Tr0ub4dour&3xq9', 'fiets-regen-koffie-7'])('accepts %j', async (password) => {
    expect(await passwordProblem(password)).toBeNull();
  });

  it('counts characters, not UTF-16 units', async () => {
    expect(await passwordProblem('🔑'.repeat(11))).toBe(PasswordProblem.TooShort);
  });

  it("refuses a password made of the user's own details", async () => {
    const email = 'vanderpolderboom@praktijk-kwakel.nl';
    expect(await passwordProblem('Vanderpolderboom2024', [])).toBeNull();
    expect(await passwordProblem('Vanderpolderboom2024', [email, 'Dr. P. van der Polderboom'])).toBe(PasswordProblem.TooWeak);
  });
});
