/**
 * Roll fields in code, and the French column headers (and usual variants) that map to them,
 * normalised by normaliseHeader. docs/formats/roll.md lists the same headers as written: a test
 * reads its table and holds the two equal.
 */
export const ROLL_FIELDS = {
  voterNumber: ['numeroelecteur', 'numerodelecteur', 'ndelecteur', 'noelecteur', 'nelecteur', 'numelecteur', 'idelecteur', 'identifiantelecteur', 'numero'],
  civility: ['civilite', 'titre'],
  lastName: ['nom', 'nomdefamille', 'nomdenaissance', 'nomdusage'],
  firstNames: ['prenoms', 'prenom'],
  birthDate: ['datedenaissance', 'datenaissance', 'nele', 'neele', 'naissance'],
  nationality: ['nationalite'],
  voterType: ['typeelecteur', 'typedelecteur', 'type', 'qualite', 'qualiteelecteur'],
  postalAddress: ['adressepostale', 'adresse', 'adressepersonnelle', 'adressedenvoi'],
  businessAddress: ['adresseprofessionnelle', 'adresseentreprise', 'adressedeletablissement', 'adresseetablissement'],
  siren: ['siren', 'numerosiren', 'nsiren'],
  companyName: ['entreprise', 'raisonsociale', 'denomination', 'societe', 'nomentreprise'],
  category: ['categorie', 'cat', 'categorieprofessionnelle'],
  subcategory: ['souscategorie', 'souscat', 'sscategorie'],
  barcode: ['codebarre', 'codebarres', 'codebarrepostal', 'codebarrevote'],
} as const;

export type RollField = keyof typeof ROLL_FIELDS;
export const REQUIRED_FIELDS: readonly RollField[] = ['voterNumber', 'lastName', 'firstNames', 'birthDate', 'category'];

export const FIELD_LABELS: Record<RollField, string> = {
  voterNumber: "numéro d'électeur",
  civility: 'civilité',
  lastName: 'nom',
  firstNames: 'prénoms',
  birthDate: 'date de naissance',
  nationality: 'nationalité',
  voterType: "type d'électeur",
  postalAddress: 'adresse postale',
  businessAddress: 'adresse professionnelle',
  siren: 'SIREN',
  companyName: 'entreprise',
  category: 'catégorie',
  subcategory: 'sous-catégorie',
  barcode: 'code-barres',
};

/** "Date de naissance" -> "datedenaissance": case, accents, spaces and punctuation ignored. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export type HeaderMapping = { columns: (RollField | null)[]; errors: string[] };

export function mapHeader(headers: string[]): HeaderMapping {
  const lookup = new Map<string, RollField>();
  for (const [field, names] of Object.entries(ROLL_FIELDS) as [RollField, readonly string[]][]) {
    for (const name of names) lookup.set(name, field);
  }
  const errors: string[] = [];
  const seen = new Set<RollField>();
  const columns = headers.map((h, i) => {
    // A blank header is the empty column after a trailing separator; row validation keeps it empty.
    if (h.trim() === '') return null;
    const field = lookup.get(normaliseHeader(h)) ?? null;
    if (!field) {
      errors.push(`colonne ${i + 1} « ${h.trim()} » inconnue`);
      return null;
    }
    if (seen.has(field)) errors.push(`colonne ${i + 1} « ${h.trim()} » : ${FIELD_LABELS[field]} en double`);
    seen.add(field);
    return field;
  });
  for (const f of REQUIRED_FIELDS) if (!seen.has(f)) errors.push(`colonne obligatoire manquante : ${FIELD_LABELS[f]}`);
  return { columns, errors };
}
