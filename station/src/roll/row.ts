import type { CalendarDate } from '@scrutin/basics/calendar.js';
import type { RollError, RollErrorCode } from '@scrutin/contract/roll-types.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import type { RollField } from './columns.js';
import { FIELD_LABELS, normaliseHeader } from './columns.js';
import { identifierProblem, normaliseCell, readDate, restoreSiren } from './cells.js';
import { normaliseRollText, textProblemMessage } from '@scrutin/basics/text.js';

export type { RollError, RollErrorCode };

export type RollRow = {
  line: number;
  voterNumber: string;
  civility: string;
  lastName: string;
  firstNames: string;
  birthDate: CalendarDate;
  nationality: string;
  voterType: string;
  postalAddress: string;
  businessAddress: string;
  siren: string;
  companyName: string;
  category: string;
  subcategory: string | null;
  barcode: string | null;
};

export type CategoryIndex = Map<string, { code: string; subcategories: Map<string, string> }>;

/** Categories may be given by code or by name, in any case and with or without accents. */
export function buildCategoryIndex(categories: { code: string; name: string; subcategories: { code: string; name: string }[] }[]): CategoryIndex {
  const index: CategoryIndex = new Map();
  for (const c of categories) {
    const subs = new Map<string, string>();
    for (const sc of c.subcategories) {
      // the exact spellings too, so that most rows are found without normalising
      for (const key of [sc.code, sc.name, normaliseHeader(sc.code), normaliseHeader(sc.name)]) subs.set(key, sc.code);
    }
    const entry = { code: c.code, subcategories: subs };
    for (const key of [c.code, c.name, normaliseHeader(c.code), normaliseHeader(c.name)]) index.set(key, entry);
  }
  return index;
}

/** SIREN: 9 digits with a Luhn check digit. */
export function isValidSiren(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(value[8 - i]);
    if (i % 2 === 1) digit *= 2;
    sum += digit > 9 ? digit - 9 : digit;
  }
  return sum % 10 === 0;
}

const MAX_LENGTH = 300;

/** Validates one data row; pure, so that the parser can be fuzzed without a database. */
export function validateRow(line: number, columns: (RollField | null)[], values: string[], categories: CategoryIndex): Result<RollRow, RollError[]> {
  const raw: Partial<Record<RollField, string>> = {};
  const errors: RollError[] = [];
  const fail = (column: string, code: RollErrorCode, message: string) => errors.push({ line, column, code, message: `ligne ${line} : ${message}` });
  columns.forEach((field, i) => {
    const cell = normaliseCell(values[i] ?? '');
    // a column without a header (the trailing `;` spreadsheets add) must stay empty: its values would be lost
    if (!field) {
      if (cell) fail(`colonne ${i + 1}`, 'BAD_COLUMNS', `valeur « ${cell} » dans la colonne ${i + 1}, qui n'a pas d'en-tête`);
      return;
    }
    // NFC, Unicode spaces, invisible marks and control characters: libs/basics/src/text.ts.
    const text = normaliseRollText(cell, field === 'postalAddress' || field === 'businessAddress');
    if (text.ok) raw[field] = text.value;
    else {
      fail(field, 'BAD_CHARACTER', textProblemMessage(text.error, FIELD_LABELS[field]));
      raw[field] = cell; // the row is refused; the value only spares a second « manquant » error
    }
  });
  const mangled = new Set<RollField>();
  for (const field of ['voterNumber', 'siren', 'barcode'] as const) {
    const problem = raw[field] ? identifierProblem(raw[field]) : null;
    if (!problem) continue;
    mangled.add(field);
    fail(field, field === 'siren' ? 'BAD_SIREN' : field === 'barcode' ? 'BAD_BARCODE' : 'BAD_NUMBER', `${FIELD_LABELS[field]} ${problem}`);
  }
  for (const [field, value] of Object.entries(raw)) {
    if (value.length > MAX_LENGTH) fail(field, 'TOO_LONG', `valeur trop longue (${value.length} caractères) pour ${field}`);
  }
  const required = (field: RollField, label: string): string => {
    const v = raw[field] ?? '';
    if (!v) fail(field, 'MISSING_VALUE', `${label} manquant`);
    return v;
  };
  const voterNumber = required('voterNumber', "numéro d'électeur");
  const lastName = required('lastName', 'nom');
  const firstNames = required('firstNames', 'prénoms');
  const birthRaw = required('birthDate', 'date de naissance');
  const birth = birthRaw ? readDate(birthRaw) : null;
  if (birth && !birth.ok) fail('birthDate', 'BAD_DATE', `date de naissance « ${birthRaw} » invalide : ${birth.error}`);
  const siren = restoreSiren((raw.siren ?? '').replace(/\s/g, ''));
  if (siren && !mangled.has('siren') && !isValidSiren(siren)) fail('siren', 'BAD_SIREN', `SIREN « ${raw.siren} » invalide (9 chiffres, clé de Luhn)`);
  const categoryRaw = required('category', 'catégorie');
  const category = categoryRaw ? (categories.get(categoryRaw) ?? categories.get(normaliseHeader(categoryRaw))) : undefined;
  let subcategory: string | null = null;
  if (categoryRaw && !category) fail('category', 'UNKNOWN_CATEGORY', `catégorie « ${categoryRaw} » inconnue`);
  if (category && category.subcategories.size > 0) {
    const subRaw = raw.subcategory ?? '';
    subcategory = category.subcategories.get(subRaw) ?? category.subcategories.get(normaliseHeader(subRaw)) ?? null;
    if (!subRaw) fail('subcategory', 'MISSING_VALUE', `sous-catégorie manquante pour la catégorie ${category.code}`);
    else if (!subcategory) fail('subcategory', 'UNKNOWN_SUBCATEGORY', `sous-catégorie « ${subRaw} » inconnue pour la catégorie ${category.code}`);
  }
  const barcode = raw.barcode ? raw.barcode : null;
  if (barcode && !mangled.has('barcode') && !/^[\x21-\x7E]{3,64}$/.test(barcode)) fail('barcode', 'BAD_BARCODE', `code-barres « ${barcode} » invalide (3 à 64 caractères imprimables)`);
  // No error means the birth date was given and read (required, then BAD_DATE otherwise).
  if (errors.length > 0 || !birth?.ok) return err(errors);
  return ok({
    line,
    voterNumber,
    civility: raw.civility ?? '',
    lastName,
    firstNames,
    birthDate: birth.value,
    nationality: raw.nationality ?? '',
    voterType: raw.voterType ?? '',
    postalAddress: raw.postalAddress ?? '',
    businessAddress: raw.businessAddress ?? '',
    siren,
    companyName: raw.companyName ?? '',
    category: category!.code,
    subcategory,
    barcode,
  });
}
