/**
 * The browser's own checks of a form (required, pattern, minLength, min/max, type) speak the browser's
 * language: on a station whose browser is set to English, « Please fill out this field ». Every such
 * message is given in French instead, just before the browser shows it (the `invalid` event), and taken
 * back as soon as the field changes.
 */

/** What the message depends on: the field's failed checks and its constraints, as the DOM gives them. */
export type FieldState = {
  validity: Pick<ValidityState, 'valueMissing' | 'typeMismatch' | 'patternMismatch' | 'tooShort' | 'tooLong' | 'rangeUnderflow' | 'rangeOverflow' | 'stepMismatch' | 'badInput'>;
  /** The input's type (« text », « email », « checkbox », « file »…), or « select » / « textarea ». */
  type: string;
  value: string;
  minLength: number;
  maxLength: number;
  min: string;
  max: string;
  /** The expected format in words: the field's title, else the text of its aria-describedby help. */
  help: string;
};

/** The French message for the first failed check of `field`; « Valeur non valide. » when none is named. */
export function frenchMessage(field: FieldState): string {
  const v = field.validity;
  if (v.valueMissing) {
    if (field.type === 'checkbox') return 'Cochez cette case pour continuer.';
    if (field.type === 'radio') return 'Choisissez l’une des options.';
    if (field.type === 'select') return 'Choisissez une valeur dans la liste.';
    if (field.type === 'file') return 'Choisissez un fichier.';
    return 'Ce champ est à remplir.';
  }
  if (v.badInput) return field.type === 'number' ? 'Saisissez un nombre.' : 'Valeur non valide.';
  if (v.typeMismatch) {
    if (field.type === 'email') return 'Saisissez une adresse électronique (nom@domaine.fr).';
    if (field.type === 'url') return 'Saisissez une adresse web complète (https://…).';
  }
  if (v.patternMismatch) return field.help ? `Format attendu : ${field.help.replace(/\.$/, '')}.` : 'Ce format n’est pas accepté ici.';
  if (v.tooShort) return `Au moins ${field.minLength} caractères (${[...field.value].length} pour l’instant).`;
  if (v.tooLong) return `Au plus ${field.maxLength} caractères.`;
  if (v.rangeUnderflow) return `La valeur doit être au moins ${field.min}.`;
  if (v.rangeOverflow) return `La valeur doit être au plus ${field.max}.`;
  return 'Valeur non valide.';
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
const isField = (target: EventTarget | null): target is Field =>
  target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;

function stateOf(field: Field): FieldState {
  const help = field.title || (field.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => (id ? document.getElementById(id)?.textContent?.trim() : '')).filter(Boolean).join(' ');
  const input = field instanceof HTMLInputElement ? field : null;
  return {
    validity: field.validity,
    type: input ? input.type : field instanceof HTMLSelectElement ? 'select' : 'textarea',
    value: field.value,
    minLength: input?.minLength ?? (field instanceof HTMLTextAreaElement ? field.minLength : -1),
    maxLength: input?.maxLength ?? (field instanceof HTMLTextAreaElement ? field.maxLength : -1),
    min: input?.min ?? '',
    max: input?.max ?? '',
    help,
  };
}

/** Installs the French messages on every form of `root`, present and future (listeners in the capture phase). */
export function installFrenchValidity(root: Document): void {
  // The fields whose message is ours; a message a screen sets itself is never touched.
  const ours = new WeakSet<Field>();
  const clear = (field: Field) => {
    if (!ours.has(field)) return;
    field.setCustomValidity('');
    ours.delete(field);
  };
  root.addEventListener(
    'invalid',
    (e) => {
      if (!isField(e.target)) return;
      const field = e.target;
      // A message of ours left from before a value the screen set itself: the browser's checks decide again.
      clear(field);
      if (field.validity.valid || field.validity.customError) return;
      field.setCustomValidity(frenchMessage(stateOf(field)));
      ours.add(field);
    },
    true,
  );
  const changed = (e: Event) => {
    if (isField(e.target)) clear(e.target);
  };
  root.addEventListener('input', changed, true);
  root.addEventListener('change', changed, true);
}
