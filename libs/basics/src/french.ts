/**
 * Small rules of written French for messages built from parts. Pure, no imports.
 */

/**
 * « de » before an infinitive or a noun, elided before a vowel sound: `deElided('éditer le PV')` →
 * « d’éditer le PV », `deElided('figer le scrutin')` → « de figer le scrutin ». A leading « h » is
 * treated as aspirated (no elision), the safe choice for the station's verbs; none begins with a mute h.
 */
export function deElided(phrase: string): string {
  return /^[aàâeéèêëiîïoôuùûüy]/i.test(phrase) ? `d’${phrase}` : `de ${phrase}`;
}

/**
 * `count` followed by the singular or the plural: `plural(1, 'siège', 'sièges')` → « 1 siège »; French
 * takes the singular for 0 and 1. `format` writes the number (a PV's « 1 234 »); as is by default.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`, format: (n: number) => string = String): string {
  return `${format(count)} ${Math.abs(count) >= 2 ? pluralForm : singular}`;
}

/**
 * A person's name as official French documents write it, family name in capitals first:
 * `personName('Bellocq', 'Marc')` → « BELLOCQ Marc ». The one form of a candidate's or a voter's name on
 * screens, in the PV and in command output, so that a name reads the same everywhere it is checked.
 */
export function personName(lastName: string, firstNames: string): string {
  return `${lastName.toLocaleUpperCase('fr-FR')} ${firstNames}`;
}
