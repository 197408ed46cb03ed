import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { IdentityError, IdentityErrorCode } from '../identity.errors.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Longer passwords only cost argon2 time; 200 is far beyond any passphrase. */
export const MAX_PASSWORD_LENGTH = 200;
/** zxcvbn's score (0–4) a password needs: 3 is "safely unguessable" for an online attack with throttling. */
export const MIN_PASSWORD_SCORE = 3;

export enum PasswordProblem {
  TooShort = 'too_short',
  TooLong = 'too_long',
  TooWeak = 'too_weak',
}

// Dictionaries of common and leaked passwords, names and words (English and Dutch), all bundled:
// the check works offline and sends nothing anywhere. They take tens of megabytes of heap, so
// they are loaded on the first password set, not in every process that only serves diensten
// (a bigger heap makes every garbage collection of a trading API process dearer).
let estimator: Promise<ZxcvbnFactory> | undefined;
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-nl-be'),
  ]).then(
    ([{ ZxcvbnFactory: Factory }, common, en, nl]) =>
      new Factory({ dictionary: { ...common.dictionary, ...en.dictionary, ...nl.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return estimator;
}

/**
 * The one password policy (new accounts, changes, resets): at least 12 and at most 200
 * characters, and not guessable from common or breached passwords, dictionary words, keyboard
 * patterns or the user's own details (`userInputs`: e-mail address, name). Null when it passes.
 */
export async function passwordProblem(password: string, userInputs: readonly string[] = []): Promise<PasswordProblem | null> {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return PasswordProblem.TooShort;
  if (length > MAX_PASSWORD_LENGTH) return PasswordProblem.TooLong;
  const inputs = userInputs.flatMap((s) => [s, ...s.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((s) => s.length >= 3);
  return (await loadEstimator()).check(password, inputs).score < MIN_PASSWORD_SCORE ? PasswordProblem.TooWeak : null;
}

/** passwordProblem as the error every route answers with (422, Dutch). */
export async function requireAcceptablePassword(password: string, userInputs: readonly string[] = []): Promise<void> {
  switch (await passwordProblem(password, userInputs)) {
    case null:
      return;
    case PasswordProblem.TooShort:
      throw new IdentityError(IdentityErrorCode.PasswordTooShort, `Kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens.`);
    case PasswordProblem.TooLong:
      throw new IdentityError(IdentityErrorCode.PasswordTooLong, `Kies een wachtwoord van hoogstens ${MAX_PASSWORD_LENGTH} tekens.`);
    case PasswordProblem.TooWeak:
      throw new IdentityError(
        IdentityErrorCode.PasswordTooWeak,
        'Dit wachtwoord is te makkelijk te raden (een veelgebruikt of uitgelekt wachtwoord, een woord, een toetsenbordpatroon of uw eigen naam of e-mailadres). Kies bijvoorbeeld een zin van een paar ongewone woorden.',
      );
  }
}
