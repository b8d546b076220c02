/**
 * RESULTS_PROCLAIMED → ARCHIVED (art. 11): writes the sealed bundle (emargement lists, journal, count
 * sheets, signed results and PV, manifest, signature) and records its manifest digest in the same
 * transaction as the state change; from its commit on, the database refuses every write
 * (db/migrations/003_counting.sql, refuse_after_freeze).
 */
import type { Db, Queryable } from '@scrutin/db';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Actor, Role } from '@scrutin/domain/roles.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { getElection, requireState, transition, type ElectionError } from '../election/election.js';
import { canonicalBytes, writeBundle, type BundleFile, type BundleManifest } from '../reports/index.js';
import { signDocumentsOffThread } from '../reports/sign.js';
import { emargementCsv, listEmargement } from '../scanning/counters.js';
import { lastSignedHead } from '../journal/head-seal.js';
import { anchorChains } from '../journal/journal.js';
import { loadCommissionCredentials } from './certificate.js';
import { getProclamation } from './proclamation.js';
import * as store from '../store/index.js';

export type FreezeResult = { directory: string; manifestSha256: string; files: number; manifest: BundleManifest };

const text = (s: string) => new TextEncoder().encode(s);

async function journalLines(tx: Queryable): Promise<string> {
  const { entries, heads } = await store.freeze.journalForBundle(tx);
  const lines = entries.map((r) => canonicalJson({ ...r, at: new Date(r.at as Date).toISOString(), seq: Number(r.seq), actor_id: r.actor_id === null ? null : Number(r.actor_id) }));
  lines.push(canonicalJson({ heads: heads.map((h) => ({ ...h, seq: Number((h as { seq: number }).seq) })) }));
  return lines.join('\n') + '\n';
}

async function countSheets(tx: Queryable): Promise<string> {
  const { entries, validations, tallies, tallyImport } = await store.freeze.countForBundle(tx);
  return canonicalJson({ entries, validations, electronicTally: { import: tallyImport ?? null, urns: tallies } }) + '\n';
}

export async function freezeElection(
  db: Db,
  actor: Omit<Actor, 'role'>,
  roles: readonly Role[],
  input: { passphrase: string; directory: string; now?: Date },
): Promise<Result<FreezeResult, ElectionError>> {
  const refusal = requireState(await getElection(db), ['RESULTS_PROCLAIMED'], 'figer le scrutin');
  if (refusal) return err(refusal);
  const proclamation = await getProclamation(db);
  if (!proclamation.ok) return proclamation;
  const credentials = await loadCommissionCredentials(db, input.passphrase);
  if (!credentials.ok) return err({ code: credentials.error.code, message: credentials.error.message });
  const now = input.now ?? new Date();
  const documents = await signDocumentsOffThread(proclamation.value.data, credentials.value, now);
  let result: FreezeResult | null = null;
  const moved = await transition(db, actor, roles, 'ARCHIVED', {
    effect: async (tx, election, acting) => {
      // The journal sealed in the bundle ends on a fresh anchor, signed when the station has its key:
      // journal-tete-signee.json is what `scrutin journal verify` can later be held against.
      await anchorChains(tx, acting, 'freeze.bundle');
      const signedHead = await lastSignedHead(tx);
      const emargement = await listEmargement(tx);
      const files: BundleFile[] = [
        { path: 'emargement/correspondance.csv', bytes: text('\uFEFF' + emargementCsv(emargement.filter((e) => e.channel === 'POSTAL'))) },
        { path: 'emargement/internet.csv', bytes: text('\uFEFF' + emargementCsv(emargement.filter((e) => e.channel === 'ELECTRONIC'))) },
        { path: 'journal.jsonl', bytes: text(await journalLines(tx)) },
        { path: 'journal-tete-signee.json', bytes: text(canonicalJson(signedHead) + '\n') },
        { path: 'depouillement.json', bytes: text(await countSheets(tx)) },
        { path: 'resultats.json', bytes: documents.json.bytes },
        { path: 'proces-verbal.pdf', bytes: documents.pdf.bytes },
      ];
      const manifest = await writeBundle(input.directory, { electionCode: election.code, createdAt: now.toISOString(), files, credentials: credentials.value, timeZone: election.timeZone });
      const manifestSha256 = Buffer.from(sha256(canonicalBytes(manifest))).toString('hex');
      await store.freeze.insertFreezeRecord(tx, { manifest: JSON.stringify(manifest), manifestSha256, bundlePath: input.directory, frozenBy: actor.userId });
      result = { directory: input.directory, manifestSha256, files: manifest.files.length, manifest };
      return { manifestSha256, files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })), resultsDigest: documents.json.resultsDigest };
    },
  });
  if (!moved.ok) return moved;
  return ok(result!);
}

export async function getFreeze(db: Queryable): Promise<{ manifestSha256: string; directory: string; frozenAt: string; manifest: BundleManifest } | null> {
  const r = await store.freeze.getFreezeRecord(db);
  return r ? { manifestSha256: r.manifest_sha256, directory: r.bundle_path, frozenAt: new Date(r.frozen_at).toISOString(), manifest: r.manifest } : null;
}
