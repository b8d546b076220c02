export type Urn = { id: string; contest_code: string; category_code: string; subcategory_code: string | null; seats: number; label: string };
export type Transition = { to: string; roles: string[]; label: string };
export type Seal = { digest: string; sealedAt: string; platformKeyFingerprint: string; commissionCertificateFingerprint: string | null; rollDigest: string; candidatesDigest: string; softwareVersion: string };
export type ElectionView = {
  election: null | { code: string; name: string; chamber: string; state: string; stateLabel: string; voteOpensAt: string; voteClosesAt: string; appealDeadline: string; timeZone: string; definition: { place?: string } };
  urns?: Urn[];
  seal?: Seal | null;
  transitions?: Transition[];
};
