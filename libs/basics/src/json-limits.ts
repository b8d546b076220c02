/**
 * Limits on JSON from outside. JSON.parse itself survives a 100,000-deep value, but everything that walks
 * it afterwards recursively (canonical JSON, JSON.stringify, zod) overflows the stack; and PostgreSQL
 * refuses the NUL character in text (error 22021). Both are checked on the bytes, before parsing.
 */

/** Deeper than any file or request Scrutin defines (a results export is 8 levels deep), shallow enough for any recursion. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export type JsonDefect = 'TOO_DEEP' | 'NUL_CHARACTER';

/**
 * One pass over JSON text as UTF-8 bytes (or a string of code units): the first defect found, or null.
 * `TOO_DEEP`: more than `maxDepth` nested arrays/objects; `NUL_CHARACTER`: a `\u0000` escape in a string.
 * Brackets and quotes are ASCII, so UTF-8 continuation bytes never match them. Invalid JSON is left to
 * JSON.parse, which refuses it.
 */
export function jsonDefect(text: Uint8Array | string, maxDepth = MAX_JSON_DEPTH): JsonDefect | null {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === BACKSLASH) {
        // "\u0000": the only way a NUL gets into a JSON string (a raw NUL byte is invalid JSON).
        if (bytes[i + 1] === 0x75 && bytes[i + 2] === 0x30 && bytes[i + 3] === 0x30 && bytes[i + 4] === 0x30 && bytes[i + 5] === 0x30) return 'NUL_CHARACTER';
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return 'TOO_DEEP';
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return null;
}

/** French message for a defect, naming what was received (« le corps de la requête », « le fichier »). */
export function jsonDefectMessage(defect: JsonDefect, what: string): string {
  return defect === 'TOO_DEEP'
    ? `JSON refusé : ${what} est imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux.`
    : `JSON refusé : ${what} contient le caractère nul (\\u0000), que la base de données ne peut pas enregistrer.`;
}

/** A JSON text refused by parseUntrustedJson for a defect of jsonDefect; its message is French and meant for the user. */
export class UntrustedJsonError extends SyntaxError {}

/**
 * JSON.parse for untrusted UTF-8 bytes: throws like JSON.parse (TypeError on invalid UTF-8, SyntaxError on
 * invalid JSON), and an UntrustedJsonError when the text is too deep or holds a NUL character.
 */
export function parseUntrustedJson(bytes: Uint8Array, what = 'le fichier'): unknown {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const defect = jsonDefect(bytes);
  if (defect) throw new UntrustedJsonError(jsonDefectMessage(defect, what));
  return JSON.parse(text) as unknown;
}
