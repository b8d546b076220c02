import type { Queryable } from '@scrutin/db';
import { digestOf } from '@scrutin/basics/canonical-json.js';
import { DEFAULT_TIME_ZONE, formatInstant } from '@scrutin/basics/calendar.js';
import { timeZoneOf } from '@scrutin/contract/election-definition.js';
import { chainHeads, journalRows, type JournalRow } from '../store/journal.js';
import { findElection } from '../store/election.js';
import { checkSignedHead, listSignedHeads, type SignedHead } from './head-seal.js';
import { ANCHOR_CHAIN, chainHash, entryDigest } from './journal.js';

export type { JournalRow };

export type JournalProblem = { chainId: string; seq: number; message: string };

export type JournalVerification = {
  ok: boolean;
  entries: number;
  chains: { chainId: string; entries: number; head: string }[];
  problems: JournalProblem[];
  /** The last head signed by the station (or null before the first), and how many there are. */
  lastSignedHead: SignedHead | null;
  signedHeads: number;
  /** Fingerprints of the keys that signed heads, in order of first use: more than one deserves a question. */
  keyFingerprints: string[];
};

/**
 * Pure check of the journal: payload and entry digests recomputed, each chain linked
 * from its genesis with no gap, heads equal to the recorded chain heads, and every
 * anchored head present in its chain. Any edit, deletion, insertion or reordering breaks one of these.
 * `timeZone` (IANA, the election's): the zone the problems date a signed head in, with its offset.
 */
export function verifyJournalRows(
  rows: JournalRow[],
  heads: { chain_id: string; seq: number; head_hash: string }[],
  signedHeads: SignedHead[] = [],
  printedHead?: SignedHead,
  timeZone: string = DEFAULT_TIME_ZONE,
): JournalVerification {
  const problems: JournalProblem[] = [];
  const byChain = new Map<string, JournalRow[]>();
  for (const row of rows) {
    const list = byChain.get(row.chain_id) ?? [];
    list.push(row);
    byChain.set(row.chain_id, list);
  }
  const hashes = new Map<string, Map<number, string>>();
  const chains: JournalVerification['chains'] = [];
  for (const [chainId, list] of byChain) {
    list.sort((a, b) => a.seq - b.seq);
    let previous = chainId;
    const seen = new Map<number, string>();
    list.forEach((row, index) => {
      const fail = (message: string) => problems.push({ chainId, seq: row.seq, message });
      if (row.seq !== index + 1) fail(`numéro d'entrée ${row.seq} attendu ${index + 1} : entrée supprimée ou insérée`);
      const payloadDigest = digestOf(row.payload);
      if (payloadDigest !== row.payload_digest) fail('contenu modifié (empreinte du contenu différente)');
      const digest = entryDigest({
        chainId,
        at: new Date(row.at).toISOString(),
        actorId: row.actor_id === null ? null : Number(row.actor_id),
        actorLogin: row.actor_login,
        actorRole: row.actor_role,
        stationId: row.station_id,
        action: row.action,
        payloadDigest: row.payload_digest,
      });
      if (digest !== row.entry_digest) fail("en-tête modifié (auteur, date, poste ou action)");
      const expected = chainHash(previous, row.entry_digest);
      if (expected !== row.hash) fail('chaînage rompu : entrée modifiée, supprimée ou déplacée');
      previous = row.hash;
      seen.set(row.seq, row.hash);
    });
    hashes.set(chainId, seen);
    chains.push({ chainId, entries: list.length, head: previous });
  }
  for (const head of heads) {
    const chain = chains.find((c) => c.chainId === head.chain_id);
    const last = byChain.get(head.chain_id)?.at(-1);
    if (!chain || !last || last.seq !== head.seq || last.hash !== head.head_hash) {
      problems.push({ chainId: head.chain_id, seq: head.seq, message: 'tête de chaîne enregistrée absente du journal : entrées finales supprimées' });
    }
  }
  for (const row of byChain.get(ANCHOR_CHAIN) ?? []) {
    const anchored = (row.payload as { heads?: { chainId: string; seq: number; hash: string }[] }).heads ?? [];
    for (const h of anchored) {
      if (hashes.get(h.chainId)?.get(h.seq) !== h.hash) {
        problems.push({ chainId: h.chainId, seq: h.seq, message: `entrée ancrée (ancre n° ${row.seq}) introuvable ou modifiée` });
      }
    }
  }
  const anchors = hashes.get(ANCHOR_CHAIN) ?? new Map<number, string>();
  const lastAnchor = byChain.get(ANCHOR_CHAIN)?.at(-1)?.seq ?? 0;
  const checkHead = (h: SignedHead, what: string) => {
    const fail = (message: string) => problems.push({ chainId: h.chainId, seq: h.seq, message: `${what} (ancre n° ${h.seq}, signée le ${formatInstant(h.signedAt, timeZone, { seconds: true })}) : ${message}` });
    const bad = checkSignedHead(h);
    if (bad) return fail(bad);
    if (h.chainId !== ANCHOR_CHAIN) return fail(`chaîne « ${h.chainId} » au lieu de « ${ANCHOR_CHAIN} »`);
    const hash = anchors.get(h.seq);
    if (hash === undefined && h.seq > lastAnchor) return fail(`absente du journal, qui s'arrête à l'ancre n° ${lastAnchor} : entrées finales supprimées`);
    if (hash === undefined) return fail('ancre absente du journal : entrées supprimées');
    if (hash !== h.headHash) fail('empreinte différente de celle du journal : entrées modifiées ou supprimées avant cette tête');
  };
  // The last signed head bounds the tail; earlier ones are checked too, since each is cheap and an
  // attacker may have rewritten the middle and re-signed only the end with another key.
  for (const h of signedHeads) checkHead(h, 'tête signée');
  if (printedHead) {
    checkHead(printedHead, 'tête imprimée sur le procès-verbal');
    const same = signedHeads.find((h) => h.seq === printedHead.seq);
    if (same && same.keyFingerprint !== printedHead.keyFingerprint)
      problems.push({ chainId: ANCHOR_CHAIN, seq: printedHead.seq, message: 'tête imprimée sur le procès-verbal signée par une autre clé que celle du poste enregistrée pour cette ancre' });
  }
  const keyFingerprints = [...new Set(signedHeads.map((h) => h.keyFingerprint))];
  return { ok: problems.length === 0, entries: rows.length, chains, problems, lastSignedHead: signedHeads.at(-1) ?? null, signedHeads: signedHeads.length, keyFingerprints };
}

/**
 * The whole journal of a station database, checked against its chain heads, its signed heads and, when
 * given, the signed head printed on a PV (`printedHead`, from its resultats.json). The problems date heads in
 * the election's zone (Europe/Paris before an election is configured).
 */
export async function verifyJournal(db: Queryable, printedHead?: SignedHead): Promise<JournalVerification> {
  const election = await findElection(db);
  const timeZone = election ? timeZoneOf(election.definition) : DEFAULT_TIME_ZONE;
  return verifyJournalRows(await journalRows(db), await chainHeads(db), await listSignedHeads(db), printedHead, timeZone);
}
