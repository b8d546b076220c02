import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommissionCertificate, type SigningCredentials } from './certificate.js';
import { writeBundle, verifyBundle, type BundleFile } from './bundle.js';
import { makeReportData } from '../testing/reports.js';
import { buildReportPdf } from './pdf.js';
import { buildResultsExport } from './results-export.js';

const identity = { commonName: 'Commission — CCI 35', organization: 'Préfecture', electionCode: 'CCI35-2026' };
const credentials = generateCommissionCertificate(identity, 'p');
// An attacker's own certificate with the very same names.
const impostor = generateCommissionCertificate(identity, 'q');
const enc = (s: string) => new TextEncoder().encode(s);
const data = makeReportData({ setAside: 3, contests: 1, categories: 1, subcategoriesPerCategory: 1, candidatesPerUrn: 3 });
data.seal.commissionCertificateFingerprint = credentials.fingerprint;
let pv: Uint8Array;

beforeAll(async () => {
  pv = (await buildReportPdf(data, credentials)).pdf;
});

function files(depouillement = '{"entries":[]}'): BundleFile[] {
  return [
    { path: 'emargement/correspondance.csv', bytes: enc('qualite;horodatage\n1;2026-11-24T08:00:00Z\n') },
    { path: 'emargement/electronique.json', bytes: enc('{"votes":[]}') },
    { path: 'journal.jsonl', bytes: enc('{"seq":1}\n') },
    { path: 'depouillement.json', bytes: enc(depouillement) },
    { path: 'resultats.json', bytes: buildResultsExport(data, credentials) },
    { path: 'proces-verbal.pdf', bytes: pv },
  ];
}

// The tests' bundles and folders, below one folder removed after them.
const root = mkdtempSync(join(tmpdir(), 'scrutin-bundles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function makeBundle(signer: SigningCredentials = credentials, content: BundleFile[] = files()): Promise<string> {
  const dir = join(mkdtempSync(join(root, 'scelle-')), 'CCI35-2026');
  await writeBundle(dir, { electionCode: 'CCI35-2026', createdAt: '2026-11-24T19:00:00Z', credentials: signer, files: content });
  return dir;
}
const codes = (r: Awaited<ReturnType<typeof verifyBundle>>) => (r.ok ? [] : r.error.map((e) => e.code));

describe('sealed bundle', () => {
  it('verifies as written', async () => {
    const dir = await makeBundle();
    const r = await verifyBundle(dir, { trustedFingerprints: [credentials.fingerprint] });
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ electionCode: 'CCI35-2026', files: 7, signer: 'Commission — CCI 35', certificateFingerprint: credentials.fingerprint }) });
  });

  it('refuses a bundle re-sealed by another key around an altered depouillement.json, even without a pin', async () => {
    const dir = await makeBundle(impostor, files('{"entries":[{"votes":{"A":500}}]}'));
    const r = await verifyBundle(dir);
    expect(codes(r)).toEqual(['SIGNER_DIFFERS', 'SIGNER_DIFFERS']);
    expect(!r.ok && r.error[0]!.message).toMatch(/SIGNATURE D’UN AUTRE CERTIFICAT QUE CELUI DE LA COMMISSION/);
    expect(!r.ok && r.error[0]!.message).toContain(impostor.fingerprint);
    expect(!r.ok && r.error[0]!.message).toContain(credentials.fingerprint);
    // With the commission's fingerprint pinned, the bundle's own signature is refused as well.
    expect(codes(await verifyBundle(dir, { trustedFingerprints: [credentials.fingerprint] }))).toContain('UNTRUSTED_SIGNER');
  });

  it('refuses a bundle without its PV, whose signer could not be compared', async () => {
    const dir = await makeBundle(credentials, files().filter((f) => f.path !== 'proces-verbal.pdf'));
    expect(codes(await verifyBundle(dir))).toEqual(['NO_PV']);
  });

  it('detects a modified file', async () => {
    const dir = await makeBundle();
    appendFileSync(join(dir, 'journal.jsonl'), '{"seq":2}\n');
    const r = await verifyBundle(dir);
    expect(codes(r)).toEqual(['FILE_MODIFIED']);
    expect(!r.ok && r.error[0]!.message).toContain('journal.jsonl');
  });

  it('detects a removed file and an added file', async () => {
    const dir = await makeBundle();
    rmSync(join(dir, 'emargement', 'electronique.json'));
    writeFileSync(join(dir, 'emargement', 'ajout.csv'), 'x');
    expect(codes(await verifyBundle(dir))).toEqual(['FILE_MISSING', 'FILE_ADDED']);
  });

  it('detects a modified manifest, even one re-hashed by the forger', async () => {
    const dir = await makeBundle();
    const path = join(dir, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('2026-11-24T19:00:00Z', '2026-11-25T19:00:00Z'));
    expect(codes(await verifyBundle(dir))).toContain('MANIFEST_MODIFIED');
  });

  it('refuses a folder that is not a bundle, in French', async () => {
    const r = await verifyBundle(mkdtempSync(join(root, 'vide-')));
    expect(!r.ok && r.error[0]!.message).toMatch(/ce n’est pas un scellé/);
  });

  it('refuses to write into a non-empty folder or an unsafe path', async () => {
    const dir = await makeBundle();
    await expect(writeBundle(dir, { electionCode: 'X', createdAt: 't', credentials, files: [] })).rejects.toThrow(/vide/);
    const fresh = join(mkdtempSync(join(root, 'scelle-')), 'b');
    await expect(writeBundle(fresh, { electionCode: 'X', createdAt: 't', credentials, files: [{ path: '../evasion', bytes: enc('x') }] })).rejects.toThrow();
  });
});
