import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { err, ok, type Result } from '@scrutin/basics/result.js';

export const MIN_PASSWORD_LENGTH = 12;
/**
 * zxcvbn's score 3: about 10^8 guesses or more. With scrypt at ~80 ms a guess (password.ts), a copy of the
 * database then costs months of computing per password; below it, the password is a common one, a word
 * with digits or a keyboard pattern that a cracker's list tries first.
 */
const MIN_SCORE = 3;

// The dictionaries weigh a few megabytes: loaded on the first check, not by every import of the accounts.
let estimator: Promise<ZxcvbnFactory> | undefined;
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, fr] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-fr')]);
    return new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...fr.dictionary }, graphs: common.adjacencyGraphs, translations: fr.translations });
  })();
  return estimator;
}

/**
 * Whether a chosen password may be kept: 12 characters at least, and not guessable by the patterns and
 * lists of zxcvbn-ts (common passwords, French and English words and names, dates, repetitions, sequences,
 * keyboard walks), nor built on the account's own login or name (`personal`). The refusal is in French
 * and says why, with the library's French advice.
 */
export async function checkPasswordStrength(password: string, personal: readonly string[]): Promise<Result<void, string>> {
  if (password.length < MIN_PASSWORD_LENGTH) return err(`Mot de passe trop court : ${MIN_PASSWORD_LENGTH} caractères au moins.`);
  const result = (await loadEstimator()).check(password, [...personal]);
  if (result.score >= MIN_SCORE) return ok(undefined);
  const reasons = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => Boolean(s));
  return err(`Mot de passe trop facile à deviner${reasons.length > 0 ? ` : ${reasons.join(' ')}` : ' : il ressemble à un mot de passe courant ou à votre identifiant.'}`);
}
