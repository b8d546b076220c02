// Strict schemas of docs/formats/urn.md §1.5–1.6, written by hand so that every refusal is worded in French
// and an unknown field is refused, never ignored (issue 13, item 1).
import { IDENTITY } from './group.js';

type Path = (string | number)[];
/** One refusal: a field that breaks its rule, or unknown fields of an object. */
export type Issue = { path: Path; message: string } | { path: Path; unknown: string[] };
/** Checks `value` at `path`; pushes its issues and returns the value, typed, or undefined when refused. */
export type Schema<T> = (value: unknown, path: Path, issues: Issue[]) => T | undefined;

/** 43 base64url characters of the identity (§1.1). */
export const IDENTITY_TEXT = Buffer.from(IDENTITY).toString('base64url');
const B64_43 = /^[A-Za-z0-9_-]{43}$/;

function fail<T>(issues: Issue[], path: Path, message: string): T | undefined {
  issues.push({ path, message });
  return undefined;
}

/** A string of `min`–`max` UTF-16 units, optionally matching `pattern` (`what` names it in the refusal). */
export function text(min = 0, max = Infinity, pattern?: RegExp, what?: string): Schema<string> {
  return (v, path, issues) => {
    if (typeof v !== 'string') return fail(issues, path, 'texte attendu');
    if (v.length < min || v.length > max) return fail(issues, path, max === min ? `${min} caractères attendus` : `longueur hors de [${min}, ${max}]`);
    if (pattern && !pattern.test(v)) return fail(issues, path, `${what ?? 'valeur'} attendu(e)`);
    return v;
  };
}

/** An integer (a JSON number of integral value) in [min, max]. */
export function integer(min = -Infinity, max = Infinity): Schema<number> {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return fail(issues, path, 'nombre entier attendu');
    if (v < min || v > max) return fail(issues, path, `entier hors de [${min}, ${max}]`);
    return v;
  };
}

/** Exactly `expected`. */
export function literal<T extends string | number | null>(expected: T): Schema<T> {
  return (v, path, issues) => (v === expected ? expected : fail(issues, path, `${JSON.stringify(expected)} attendu`));
}

/** An array of `min`–`max` items. */
export function array<T>(item: Schema<T>, min = 0, max = Infinity): Schema<T[]> {
  return (v, path, issues) => {
    if (!Array.isArray(v)) return fail(issues, path, 'tableau attendu');
    if (v.length < min || v.length > max) return fail(issues, path, min === max ? `${min} éléments attendus` : `nombre d’éléments hors de [${min}, ${max}]`);
    const out: T[] = [];
    let ok = true;
    v.forEach((x, i) => {
      const r = item(x, [...path, i], issues);
      if (r === undefined) ok = false;
      else out.push(r);
    });
    return ok ? out : undefined;
  };
}

type Shape = Record<string, Schema<unknown>>;
type Of<S extends Shape> = { [K in keyof S]: S[K] extends Schema<infer T> ? T : never };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const OPTIONAL = Symbol('optional');

/** An object with exactly the fields of `shape` (required unless `optional`), no other. */
export function object<S extends Shape>(shape: S): Schema<Of<S>> {
  return (v, path, issues) => {
    if (!isRecord(v)) return fail(issues, path, 'objet attendu');
    let ok = true;
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      if (v[key] === undefined) {
        if (!(OPTIONAL in schema)) {
          issues.push({ path: [...path, key], message: 'champ manquant' });
          ok = false;
        }
        continue;
      }
      const r = schema(v[key], [...path, key], issues);
      if (r === undefined) ok = false;
      else out[key] = r;
    }
    const unknown = Object.keys(v).filter((k) => !(k in shape)).sort();
    if (unknown.length > 0) {
      issues.push({ path, unknown });
      ok = false;
    }
    return ok ? (out as Of<S>) : undefined;
  };
}

/** An object whose keys are free and whose values all follow `value` (the seal's `perUrn`). */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return (v, path, issues) => {
    if (!isRecord(v)) return fail(issues, path, 'objet attendu');
    let ok = true;
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = value(x, [...path, k], issues);
      if (r === undefined) ok = false;
      else out[k] = r;
    }
    return ok ? out : undefined;
  };
}

/** `schema` or `null`. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (v, path, issues) => (v === null ? null : schema(v, path, issues));
}

/** A field that may be absent (the seal's `chain`). */
export function optional<T>(schema: Schema<T>): Schema<T | undefined> {
  const wrapped: Schema<T | undefined> = (v, path, issues) => schema(v, path, issues);
  return Object.assign(wrapped, { [OPTIONAL]: true });
}

/** *point* of §1.6 as text: 43 base64url characters (decoded later, where the reason is worded). */
export const pointText: Schema<string> = text(43, 43, /^[A-Za-z0-9_-]*$/, 'base64url');
/** *point≠0*: a *point* other than the identity (§1.1). */
export const nonIdentityPoint: Schema<string> = (v, path, issues) => {
  const s = pointText(v, path, issues);
  if (s === IDENTITY_TEXT) return fail(issues, path, 'élément neutre refusé (un fichier honnête ne le contient jamais ici)');
  return s;
};
/** *scalar* as text (43 base64url characters; its value < ℓ is checked at decoding). */
export const scalarText: Schema<string> = text(43, 43, /^[A-Za-z0-9_-]*$/, 'base64url');
export const hex64: Schema<string> = text(64, 64, /^[0-9a-f]{64}$/, 'hexadécimal minuscule');
export const id32: Schema<string> = text(32, 32, /^[0-9a-f]{32}$/, 'hexadécimal minuscule');
export const name: Schema<string> = text(1, 200);
export const base64url43: Schema<string> = text(43, 43, B64_43, 'base64url');

/** *instant* of §1.6: exactly what Date.prototype.toISOString writes, a real date. */
export const instant: Schema<string> = (v, path, issues) => {
  const s = text(24, 24)(v, path, issues);
  if (s === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s;
  return ok ? s : fail(issues, path, 'date ISO 8601 attendue (AAAA-MM-JJTHH:MM:SS.sssZ)');
};

/**
 * The refusal as the spec words it (§1.6): `champ « a.b » : message`, `champ inconnu « x » [dans « a »]`,
 * `champs inconnus « x », « y » [dans « a »]`, several joined by « ; ».
 */
export function describeIssues(issues: Issue[]): string {
  return issues
    .map((i) => {
      const where = i.path.join('.');
      if ('unknown' in i) {
        const names = i.unknown.map((k) => `« ${k} »`).join(', ');
        return `${i.unknown.length > 1 ? 'champs inconnus' : 'champ inconnu'} ${names}${where ? ` dans « ${where} »` : ''}`;
      }
      return where ? `champ « ${where} » : ${i.message}` : i.message;
    })
    .join(' ; ');
}

/** Parses `value` with `schema`: the typed value or the French refusal. */
export function parseWith<T>(schema: Schema<T>, value: unknown): { ok: true; value: T } | { ok: false; error: string } {
  const issues: Issue[] = [];
  const r = schema(value, [], issues);
  return r !== undefined && issues.length === 0 ? { ok: true, value: r } : { ok: false, error: describeIssues(issues) };
}
