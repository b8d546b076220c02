/**
 * Seat attribution for a « scrutin majoritaire plurinominal à un tour » (Code de commerce L.713-16):
 * the candidates with the most votes are elected; on equal votes the older candidate is elected.
 */

export type CandidateId = string;

export type SeatCandidate = {
  id: CandidateId;
  /** ISO calendar date YYYY-MM-DD: lexical order is chronological order. */
  birthDate: string;
  votes: number;
};

export type SeatInput = { seats: number; candidates: readonly SeatCandidate[] };

export type RankedCandidate = {
  id: CandidateId;
  /** 1 for the most votes; candidates the law cannot separate (same votes, same birth date) share a rank. */
  rank: number;
  votes: number;
  birthDate: string;
  elected: boolean;
  /** Elected or beaten only because of the age rule: another candidate with the same votes had the other outcome. */
  tieBrokenByAge: boolean;
};

/**
 * Two candidates with the same votes born the same day cannot be separated by the law; the commission
 * draws lots. We report the tie as a flag rather than an error: the rest of the ranking is certain
 * and the PV must show it while the draw is pending.
 */
export type DrawOfLots = { candidateIds: CandidateId[]; seats: number };

export type SeatAttribution = {
  /** Only candidates certainly elected; when `drawOfLots` is set, `drawOfLots.seats` seats remain. */
  elected: CandidateId[];
  ranking: RankedCandidate[];
  drawOfLots: DrawOfLots | null;
};

function compareCandidates(a: SeatCandidate, b: SeatCandidate): number {
  if (a.votes !== b.votes) return b.votes - a.votes;
  if (a.birthDate !== b.birthDate) return a.birthDate < b.birthDate ? -1 : 1;
  return 0;
}

export function attributeSeats(input: SeatInput): SeatAttribution {
  const seats = Math.max(0, Math.floor(input.seats));
  // The id only makes the order deterministic inside a group the law treats as equal.
  const sorted = [...input.candidates].sort(
    (a, b) => compareCandidates(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const groups: SeatCandidate[][] = [];
  for (const candidate of sorted) {
    const last = groups[groups.length - 1];
    if (last && compareCandidates(last[0]!, candidate) === 0) last.push(candidate);
    else groups.push([candidate]);
  }

  const elected: CandidateId[] = [];
  const electedSet = new Set<CandidateId>();
  let drawOfLots: DrawOfLots | null = null;
  let position = 0;
  const ranks = new Map<CandidateId, number>();
  for (const group of groups) {
    for (const c of group) ranks.set(c.id, position + 1);
    const remaining = seats - elected.length;
    if (remaining >= group.length) {
      for (const c of group) {
        elected.push(c.id);
        electedSet.add(c.id);
      }
    } else if (remaining > 0) {
      drawOfLots = { candidateIds: group.map((c) => c.id), seats: remaining };
      // Seats left to the draw are not given to anyone below this group.
      position += group.length;
      for (const rest of groups.slice(groups.indexOf(group) + 1)) {
        for (const c of rest) ranks.set(c.id, position + 1);
        position += rest.length;
      }
      break;
    }
    position += group.length;
  }

  const ranking: RankedCandidate[] = sorted.map((c) => {
    const isElected = electedSet.has(c.id);
    const tieBrokenByAge = sorted.some(
      (other) =>
        other.id !== c.id &&
        other.votes === c.votes &&
        other.birthDate !== c.birthDate &&
        electedSet.has(other.id) !== isElected,
    );
    return { id: c.id, rank: ranks.get(c.id)!, votes: c.votes, birthDate: c.birthDate, elected: isElected, tieBrokenByAge };
  });
  return { elected, ranking, drawOfLots };
}
