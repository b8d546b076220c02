import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCommissionCertificate } from './certificate.js';
import { writeBundle, verifyBundle } from './bundle.js';

const credentials = generateCommissionCertificate({ commonName: 'Commission — CCI 35', organization: 'Préfecture', electionCode: 'CCI35-2026' }, 'p');
const enc = (s: string) => new TextEncoder().encode(s);

async function makeBundle(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'scelle-')), 'CCI35-2026');
  await writeBundle(dir, {
    electionCode: 'CCI35-2026',
    createdAt: '2026-11-24T19:00:00Z',
    credentials,
    files: [
      { path: 'emargement/correspondance.csv', bytes: enc('qualite;horodatage\n1;2026-11-24T08:00:00Z\n') },
      { path: 'emargement/electronique.json', bytes: enc('{"votes":[]}') },
      { path: 'journal.jsonl', bytes: enc('{"seq":1}\n') },
      { path: 'resultats.json', bytes: enc('{}') },
      { path: 'proces-verbal.pdf', bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]) },
    ],
  });
  return dir;
}
const codes = (r: Awaited<ReturnType<typeof verifyBundle>>) => (r.ok ? [] : r.error.map((e) => e.code));

describe('sealed bundle', () => {
  it('verifies as written', async () => {
    const dir = await makeBundle();
    const r = await verifyBundle(dir, { trustedFingerprints: [credentials.fingerprint] });
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ electionCode: 'CCI35-2026', files: 6, signer: 'Commission — CCI 35' }) });
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
    const r = await verifyBundle(mkdtempSync(join(tmpdir(), 'vide-')));
    expect(!r.ok && r.error[0]!.message).toMatch(/ce n’est pas un scellé/);
  });

  it('refuses to write into a non-empty folder or an unsafe path', async () => {
    const dir = await makeBundle();
    await expect(writeBundle(dir, { electionCode: 'X', createdAt: 't', credentials, files: [] })).rejects.toThrow(/vide/);
    const fresh = join(mkdtempSync(join(tmpdir(), 'scelle-')), 'b');
    await expect(writeBundle(fresh, { electionCode: 'X', createdAt: 't', credentials, files: [{ path: '../evasion', bytes: enc('x') }] })).rejects.toThrow();
  });
});
