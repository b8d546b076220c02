import type { ElectionDefinition } from '@scrutin/contract/election-definition.js';

/** Invented names only (fixtures and demos never carry real personal data). */
const LAST = ['Arnaudet', 'Belcour', 'Castagné', 'Delorme', 'Espéran', 'Fauvel', 'Garonnet', 'Hérault', 'Isambert', 'Jourdanet', 'Kerbrat', 'Lafargue', 'Montaubry', 'Noguès', 'Orsini', 'Pélissou', 'Quérel', 'Rouzaud', 'Sabatier', 'Trémouille', 'Ursulet', 'Valentré', 'Wagnier', 'Ybarnégaray', 'Zéphirin'];
const FIRST = ['Amélie', 'Bastien', 'Céline', 'Damien', 'Élodie', 'François', 'Gaëlle', 'Hugo', 'Inès', 'Jérôme', 'Karine', 'Loïc', 'Maëlle', 'Noël', 'Océane', 'Pascal', 'Quentin', 'Rosalie', 'Sébastien', 'Thérèse'];
const STREETS = ['rue des Tanneurs', 'quai de la Garonne', 'avenue du Port', 'place du Marché', 'allée des Tilleuls', 'chemin des Vignes'];

/** A SIREN with a valid Luhn key, derived from n. */
export function sirenFor(n: number): string {
  const base = String(100_000_00 + (n % 89_999_999)).padStart(8, '0');
  for (let key = 0; key < 10; key++) {
    const candidate = base + key;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
      let d = Number(candidate[8 - i]);
      if (i % 2 === 1) d *= 2;
      sum += d > 9 ? d - 9 : d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

const HEADER = 'Numéro électeur;Civilité;Nom;Prénoms;Date de naissance;Nationalité;Type électeur;Adresse postale;Adresse professionnelle;SIREN;Entreprise;Catégorie;Sous-catégorie';

/**
 * Lines of a roll CSV (`;`, UTF-8) for `voters` electors of the election, as a
 * generator so that a million rows never sit in memory. About one elector in ten holds a
 * second capacity (another category), as a person may legitimately do.
 */
export function* generateRollLines(definition: ElectionDefinition, voters: number, seed = 1): Generator<string> {
  yield HEADER;
  const units = definition.categories.flatMap((c) => (c.subcategories.length > 0 ? c.subcategories.map((s) => [c.code, s.code] as const) : [[c.code, ''] as const]));
  let x = seed >>> 0 || 1;
  const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x / 2 ** 32);
  for (let i = 1; i <= voters; i++) {
    const last = LAST[Math.floor(rand() * LAST.length)]!;
    const first = FIRST[Math.floor(rand() * FIRST.length)]!;
    const civ = rand() < 0.5 ? 'Mme' : 'M.';
    const birth = `${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}/${1945 + Math.floor(rand() * 55)}`;
    const address = `${1 + Math.floor(rand() * 120)} ${STREETS[i % STREETS.length]} 33000 Port-Sainte-Claire`;
    const company = `${last} et Associés ${i}`;
    const number = `E${String(i).padStart(8, '0')}`;
    const capacities = rand() < 0.1 ? 2 : 1;
    const firstUnit = Math.floor(rand() * units.length);
    for (let k = 0; k < capacities; k++) {
      const [category, sub] = units[(firstUnit + k * 2) % units.length]!;
      yield [number, civ, last, first, birth, 'française', 'chef d’entreprise', address, address, sirenFor(i), company, category, sub].join(';');
    }
  }
}
