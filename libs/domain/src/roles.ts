/** Roles of the bureau and the staff (docs/design.md, glossary); French labels are what the screens show. */
export const ROLES = [
  'admin',
  'prefecture',
  'agent',
  'president',
  'member',
  'teller',
  'scanning_agent',
  'key_holder',
  'oversight_cell',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  prefecture: 'Représentant du préfet',
  agent: 'Agent (saisie des candidatures)',
  president: 'Président du bureau',
  member: 'Membre du bureau',
  teller: 'Assesseur (dépouillement)',
  scanning_agent: 'Agent de numérisation',
  key_holder: 'Détenteur de clé',
  oversight_cell: 'Cellule de contrôle',
  viewer: 'Observateur',
};

/** The roles whose holders sign the PV, in the order of its signature block: the president, the members, the tellers, the prefect's representative. */
export const PV_SIGNING_ROLES = ['president', 'member', 'teller', 'prefecture'] as const satisfies readonly Role[];

/** Who is acting, as the journal records it. */
export type Actor = {
  userId: number | null;
  login: string;
  role: Role | 'system';
  stationId: string;
};

export const SYSTEM_ACTOR = (stationId = 'console'): Actor => ({ userId: null, login: 'systeme', role: 'system', stationId });
