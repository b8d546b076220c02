/** Drives an election through the API from EMARGEMENT_LOADED to a frozen bundle, for the counting tests. */
import type { Db } from '@scrutin/db';
import { makeSignedTally, plausibleTally } from '@scrutin/station/counting/electronic-tally.js';
import { loadUrnBases } from '@scrutin/station/results/results.js';
import { newRequestId, setUpElection, type ApiClient, type Fixture } from './index.js';

import { CERT_PASSPHRASE } from './station-fixture.js';

export { CERT_PASSPHRASE };

export type UrnStatus = {
  urnId: string;
  seats: number;
  envelopesAccepted: number;
  candidates: { id: string }[];
  state: string;
  mismatches: { field: string }[];
};

export async function expectOk<T>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what} : ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A consistent sheet: every envelope found is valid and marks the urn's first candidate (and the second when there are seats for two). */
export function sheetFor(urn: UrnStatus, envelopesFound = urn.envelopesAccepted) {
  const votes: Record<string, number> = Object.fromEntries(urn.candidates.map((c) => [c.id, 0]));
  votes[urn.candidates[0]!.id] = envelopesFound;
  if (urn.seats >= 2 && urn.candidates[1]) votes[urn.candidates[1].id] = Math.floor(envelopesFound / 2);
  return { envelopesFound, ballotsValid: envelopesFound, ballotsBlank: 0, ballotsNull: 0, votes };
}

/** Election set up, a few envelopes scanned (one dual vote confirmed, one acceptance cancelled and read again), certificate made before sealing, counting open. */
export async function openCounting(f: Fixture, db: Db, rollCsv?: string): Promise<{ president: ApiClient; tellers: [ApiClient, ApiClient] }> {
  await setUpElection(f, { voters: 40, until: 'EMARGEMENT_LOADED', electronic: [3, 4, 9], ...(rollCsv ? { rollCsv } : {}) });
  const { rows } = await db.query<{ id: number; barcode: string }>('SELECT id, barcode FROM voting_right ORDER BY id');
  const barcodes = new Map(rows.map((r) => [Number(r.id), r.barcode]));
  const agent = await f.client('numerisation', 'POSTE-01');
  for (const right of [1, 2, 3, 5, 6, 7, 8]) await expectOk(agent.post('/api/scans', { requestId: newRequestId(), barcode: barcodes.get(right)! }), 'scan');
  const president = await f.client('president');
  await expectOk(president.post('/api/president/confirm', { batch: { verdict: 'ELECTRONIC_PRIORITY', expectedCount: 1 } }), 'confirmation');
  // One decision of the president for the PV: an acceptance cancelled, then the envelope read again (the counts stay the same).
  const { rows: first } = await db.query<{ scan_id: number }>('SELECT pe.scan_id FROM postal_emargement pe JOIN scan s ON s.id = pe.scan_id WHERE s.barcode = $1', [barcodes.get(1)]);
  await expectOk(president.post('/api/president/reverse', { scanId: Number(first[0]!.scan_id), action: 'CANCEL_ACCEPTANCE', reason: 'pli présenté deux fois, vérification demandée' }), 'annulation');
  await expectOk(agent.post('/api/scans', { requestId: newRequestId(), barcode: barcodes.get(1)! }), 'nouvelle lecture');
  await expectOk(president.post('/api/election/transition', { to: 'COUNTING' }), 'dépouillement');
  return { president, tellers: [await f.client('assesseur'), await f.client('assesseur2')] };
}

/** Both tellers enter every urn identically; the president validates each (a note where envelopes differ). */
export async function countEverything(president: ApiClient, tellers: [ApiClient, ApiClient], skip: string[] = []): Promise<UrnStatus[]> {
  const { urns } = await expectOk(president.get<{ urns: UrnStatus[] }>('/api/counting'), 'état');
  for (const urn of urns.filter((u) => !skip.includes(u.urnId))) {
    for (const t of tellers) await expectOk(t.post('/api/counting/sheets', { urnId: urn.urnId, sheet: sheetFor(urn) }), `saisie ${urn.urnId}`);
    await expectOk(president.post('/api/counting/validate', { urnId: urn.urnId }), `validation ${urn.urnId}`);
  }
  return urns;
}

export async function loadTally(f: Fixture, db: Db, president: ApiClient) {
  const signed = makeSignedTally({ electionCode: f.definition.code, unsealedAt: new Date().toISOString(), urns: plausibleTally(await loadUrnBases(db), 7) }, f.platformKey.secretKey);
  return president.post<{ ballots: number; error?: { code: string; details?: string[] } }>('/api/tally', signed);
}

export async function proclaimAndFreeze(president: ApiClient): Promise<{ directory: string; pdf: Uint8Array; json: Uint8Array }> {
  await expectOk(president.post('/api/election/transition', { to: 'RESULTS_PROCLAIMED' }), 'proclamation');
  const pdf = await president.request<string>('POST', '/api/report', { passphrase: CERT_PASSPHRASE });
  if (pdf.status !== 200) throw new Error(`PV : ${pdf.status}`);
  const pdfBytes = new Uint8Array(await (await fetchRaw(president, '/api/report/latest')).arrayBuffer());
  await expectOk(president.request('POST', '/api/results/export', { passphrase: CERT_PASSPHRASE }), 'export');
  const jsonBytes = new Uint8Array(await (await fetchRaw(president, '/api/results/export/latest')).arrayBuffer());
  const frozen = await expectOk(president.post<{ directory: string }>('/api/freeze', { passphrase: CERT_PASSPHRASE }), 'gel');
  return { directory: frozen.directory, pdf: pdfBytes, json: jsonBytes };
}

/** Binary downloads: ApiClient decodes text, which would spoil a PDF. */
export async function fetchRaw(client: ApiClient, path: string): Promise<Response> {
  const cookie = (client as unknown as { cookie: string }).cookie;
  return fetch(client.baseUrl + path, { headers: { Cookie: cookie } });
}
