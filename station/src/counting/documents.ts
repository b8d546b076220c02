/**
 * Signed documents of the proclaimed results: the PV (PDF) and the JSON export for the prefecture.
 * Both sign the stored proclamation snapshot, so every copy carries the same results digest.
 * Here beside the proclamation and the commission's certificate it signs with, so that results/ (reading
 * the tallies) stays below counting/ (issue 16: the two folders imported each other).
 */
import type { Db, Queryable } from '@scrutin/db';
import type { Actor } from '@scrutin/domain/roles.js';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { loadCommissionCredentials } from './certificate.js';
import type { CountingError } from '@scrutin/contract/counting-types.js';
import { getProclamation } from './proclamation.js';
import { getElection, requireState } from '../election/election.js';
import { appendJournal } from '../journal/journal.js';
import { signDocumentsOffThread, type SignedDocument } from '../reports/sign.js';
import * as store from '../store/index.js';

async function produce(db: Db, actor: Actor, passphrase: string, kind: 'PV' | 'EXPORT'): Promise<Result<SignedDocument, CountingError>> {
  const refusal = requireState(await getElection(db), ['RESULTS_PROCLAIMED'], kind === 'PV' ? 'éditer le procès-verbal' : 'exporter les résultats');
  if (refusal) return err(refusal);
  const proclamation = await getProclamation(db);
  if (!proclamation.ok) return proclamation;
  const credentials = await loadCommissionCredentials(db, passphrase);
  if (!credentials.ok) return credentials;
  const signed = await signDocumentsOffThread(proclamation.value.data, credentials.value);
  const doc = kind === 'PV' ? signed.pdf : signed.json;
  return db.transaction(async (tx) => {
    const again = requireState(await getElection(tx), ['RESULTS_PROCLAIMED'], 'signer un document');
    if (again) return err(again);
    await store.documents.insertDocument(tx, { kind, bytes: doc.bytes, sha256: doc.sha256, certificateFingerprint: doc.certificateFingerprint, generatedBy: actor.userId });
    await appendJournal(tx, actor, kind === 'PV' ? 'report.pv' : 'report.export', { sha256: doc.sha256, resultsDigest: doc.resultsDigest, certificateFingerprint: doc.certificateFingerprint });
    return ok(doc);
  });
}

export const generateReport = (db: Db, actor: Actor, passphrase: string) => produce(db, actor, passphrase, 'PV');
export const exportResults = (db: Db, actor: Actor, passphrase: string) => produce(db, actor, passphrase, 'EXPORT');

/** The latest signed document of a kind, for download without the passphrase (also after the freeze). */
export async function latestDocument(db: Queryable, kind: 'PV' | 'EXPORT'): Promise<{ bytes: Uint8Array; sha256: string; generatedAt: string } | null> {
  const r = await store.documents.latestDocument(db, kind);
  return r ? { bytes: new Uint8Array(r.bytes), sha256: r.sha256, generatedAt: new Date(r.generated_at).toISOString() } : null;
}
