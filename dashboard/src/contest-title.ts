/** The kinds of chamber a contest elects the members of (Code de commerce, art. L.713-1 and following). */
const KIND_WORDS: Record<string, string> = { CCIR: 'CCI de région', CCIT: 'CCI territoriale' };

/**
 * A contest's title above its urns: its name, after its kind when the name does not already say it
 * (« CCI de région Garonne-Océan » stays as is, « Élection des membres » becomes « CCI de région — Élection
 * des membres »). Case and accents are ignored when looking for the kind in the name.
 */
export function contestTitle(contest: { kind: string; name: string }): string {
  const kind = KIND_WORDS[contest.kind] ?? contest.kind;
  const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return plain(contest.name).includes(plain(kind)) ? contest.name : `${kind} — ${contest.name}`;
}
