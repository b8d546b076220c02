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

/** The refusal of an action to a caller holding none of `allowed`: one sentence for the station's and the platform's routes and CLIs. */
export const reservedToRoles = (allowed: readonly string[]): string => `Action réservée aux rôles : ${allowed.join(', ')}.`;

/** Roles of the voting platform's staff accounts (platform.staff's CHECK constraint), a subset of the station's. */
export const PLATFORM_STAFF_ROLES = ['admin', 'oversight_cell'] as const satisfies readonly Role[];
export type PlatformStaffRole = (typeof PLATFORM_STAFF_ROLES)[number];

/** As the platform's staff page shows them. */
export const PLATFORM_STAFF_ROLE_LABELS: Record<PlatformStaffRole, string> = { admin: 'administrateur', oversight_cell: 'cellule de contrôle' };

/**
 * Who among the platform's staff may do what: each staff route declares its entry as its `access`
 * (platform/src/http/routes/staff.ts), and platform/src/staff-rights.ts checks the same entry for the services the
 * CLI calls.
 */
export const PLATFORM_STAFF_RIGHTS = {
  /** Open the vote, once every voter has credentials. */
  open: ['admin'],
  /** Suspend the vote, and resume it (art. 10: the oversight cell). */
  suspend: ['oversight_cell'],
  resume: ['oversight_cell'],
  close: ['admin', 'oversight_cell'],
  /** Issue the voters' credentials and letters. */
  credentials: ['admin'],
} as const satisfies Record<string, readonly PlatformStaffRole[]>;
export type PlatformStaffAction = keyof typeof PLATFORM_STAFF_RIGHTS;

/** Who is acting, as the journal records it. */
export type Actor = {
  userId: number | null;
  login: string;
  role: Role | 'system';
  stationId: string;
};

export const SYSTEM_ACTOR = (stationId = 'console'): Actor => ({ userId: null, login: 'systeme', role: 'system', stationId });
