/**
 * The sealed bundle of article 11: a plain folder (ready to burn on a non-rewritable medium) holding
 * the emargement lists, the journal, the results and the PV, a manifest of SHA-256 digests, and a
 * signature of the manifest with its time. Format: docs/formats/bundle.md.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import forge from 'node-forge';
import { z } from 'zod';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import { canonicalBytes } from '@scrutin/basics/canonical-json.js';
import { DEFAULT_TIME_ZONE, formatInstant } from '@scrutin/basics/calendar.js';
import { subjectName, type SigningCredentials } from './certificate.js';
import { fromBase64Url, signDigest, toBase64Url, verifyDigestSignature } from './results-digest.js';
import { verifyResultsJson } from './results-export.js';
import { checkTrust, SIGNER_VERDICTS, type VerificationError, type VerifyOptions } from './verification.js';
import { verifyReportPdf } from './verify.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature.json';
/**
 * Written by the purge of article 5 (counting/purge.ts), beside the signed manifest: the files of
 * personal data it deleted (the emargement lists), with their manifest digests. Only files under
 * PURGEABLE_PREFIX may be listed, so the note cannot excuse the loss of the journal or the results.
 */
export const PURGE_FILE = 'purge.json';
export const PURGEABLE_PREFIX = 'emargement/';
export const BUNDLE_FORMAT = 'scrutin-scelle/1';
export const PV_FILE = 'proces-verbal.pdf';
export const RESULTS_FILE = 'resultats.json';

const safePath = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, 'chemin relatif simple attendu (lettres, chiffres, . _ - /)')
  .refine((p) => p !== MANIFEST_FILE && p !== SIGNATURE_FILE, 'nom réservé');

const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  electionCode: z.string().min(1),
  createdAt: z.string().min(1),
  files: z.array(z.object({ path: safePath, size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BundleManifest = z.infer<typeof manifestSchema>;

const signatureSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[A-Za-z0-9_-]+$/),
  signatureAlgorithm: z.literal('RSASSA-PKCS1-v1_5-SHA256'),
  certificate: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
});

export type BundleFile = { path: string; bytes: Uint8Array };

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// A reader's file: the time in the election's zone with its offset when the zone is given (manifest.json keeps ISO).
const README = (electionCode: string, createdAt: string, timeZone?: string) =>
  `Scellé du scrutin ${electionCode}, constitué le ${timeZone ? formatInstant(createdAt, timeZone, { seconds: true }) : createdAt} (article 11 de l'arrêté du 7 octobre 2016).\n\n` +
  `manifest.json liste chaque fichier avec sa taille et son empreinte SHA-256 ; signature.json porte la signature\n` +
  `de la commission sur l'empreinte de manifest.json, et son certificat.\n\n` +
  `Vérification : scrutin verify-bundle <ce dossier>\n` +
  `Vérification manuelle : sha256sum de chaque fichier comparé à manifest.json, puis la signature de\n` +
  `sha256(manifest.json) avec la clé publique du certificat (RSASSA-PKCS1-v1_5, SHA-256).\n`;

/**
 * Pure: the manifest for the given files, with a README listed like any other file. `createdAt`: ISO 8601;
 * `timeZone` (IANA, the election's): the zone the README dates the bundle in, with its offset.
 */
export function createManifest(electionCode: string, createdAt: string, files: readonly BundleFile[], timeZone?: string): { manifest: BundleManifest; files: BundleFile[] } {
  const all = [...files, { path: 'LISEZMOI.txt', bytes: new TextEncoder().encode(README(electionCode, createdAt, timeZone)) }];
  const seen = new Set<string>();
  for (const f of all) {
    safePath.parse(f.path);
    if (seen.has(f.path)) throw new Error(`Fichier en double dans le scellé : ${f.path}`);
    seen.add(f.path);
  }
  const sorted = [...all].sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    manifest: {
      format: BUNDLE_FORMAT,
      electionCode,
      createdAt,
      files: sorted.map((f) => ({ path: f.path, size: f.bytes.length, sha256: hex(sha256(f.bytes)) })),
    },
    files: sorted,
  };
}

export async function writeBundle(
  dir: string,
  input: { electionCode: string; createdAt: string; files: readonly BundleFile[]; credentials: SigningCredentials; timeZone?: string },
): Promise<BundleManifest> {
  const { manifest, files } = createManifest(input.electionCode, input.createdAt, input.files, input.timeZone);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if ((await readdir(dir)).length > 0) throw new Error(`Le dossier du scellé doit être vide : ${dir}`);
  for (const f of files) {
    const target = join(dir, ...f.path.split('/'));
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, f.bytes, { flag: 'wx', mode: 0o600 });
  }
  const manifestBytes = canonicalBytes(manifest);
  const digest = sha256(manifestBytes);
  await writeFile(join(dir, MANIFEST_FILE), manifestBytes, { flag: 'wx', mode: 0o600 });
  const signature = {
    format: BUNDLE_FORMAT,
    manifestSha256: hex(digest),
    signature: toBase64Url(signDigest(digest, input.credentials.privateKey)),
    signatureAlgorithm: 'RSASSA-PKCS1-v1_5-SHA256',
    certificate: input.credentials.certificatePem,
  };
  await writeFile(join(dir, SIGNATURE_FILE), canonicalBytes(signature), { flag: 'wx', mode: 0o600 });
  return manifest;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

export type BundleVerification = {
  electionCode: string;
  createdAt: string;
  files: number;
  signer: string;
  certificateFingerprint: string;
  /** Files deleted by the purge (art. 5), per purge.json. */
  purged: string[];
  /** The election's IANA zone, from the signed PV (Europe/Paris for a PV made before it carried one): where to show createdAt. */
  timeZone: string;
};

/**
 * The signed documents inside a bundle must be signed by the bundle's own signer: someone holding only their own
 * key could otherwise re-seal a bundle around altered files (say depouillement.json) while keeping the
 * commission's PV. The PV is required (the station always puts it in); the results export is checked when present.
 * Returns the election's zone the PV carries (DEFAULT_TIME_ZONE when it carries none or does not verify).
 */
async function checkInnerSigners(dir: string, manifest: BundleManifest, fingerprint: string, options: VerifyOptions, errors: VerificationError[]): Promise<string> {
  const listed = new Set(manifest.files.map((f) => f.path));
  let timeZone = DEFAULT_TIME_ZONE;
  if (!listed.has(PV_FILE)) {
    errors.push({ code: 'NO_PV', message: `Le scellé ne contient pas le procès-verbal signé (${PV_FILE}) : son signataire ne peut être comparé à celui du scellé.` });
    return timeZone;
  }
  const verifiers: Record<string, (bytes: Uint8Array) => Promise<Result<{ certificateFingerprint: string; results: { election: { timeZone?: string | undefined } } }, VerificationError[]>>> = {
    [PV_FILE]: (bytes) => verifyReportPdf(bytes, options),
    [RESULTS_FILE]: async (bytes) => verifyResultsJson(bytes, options),
  };
  for (const path of [PV_FILE, RESULTS_FILE].filter((p) => listed.has(p))) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(dir, path)));
    } catch {
      continue; // already reported as FILE_MISSING
    }
    const checked = await verifiers[path]!(bytes);
    if (!checked.ok) {
      errors.push({ code: 'BAD_INNER_DOCUMENT', message: `${path} ne se vérifie pas : ${checked.error.map((e) => e.message).join(' ; ')}` });
    } else if (checked.value.certificateFingerprint !== fingerprint) {
      errors.push({
        code: 'SIGNER_DIFFERS',
        message: `${SIGNER_VERDICTS.OTHER} : le scellé est signé par le certificat ${fingerprint}, mais ${path} par le certificat ${checked.value.certificateFingerprint}.`,
      });
    }
    if (checked.ok && path === PV_FILE) timeZone = checked.value.results.election.timeZone ?? DEFAULT_TIME_ZONE;
  }
  return timeZone;
}

/**
 * Verifies a bundle folder (docs/formats/bundle.md): manifest signature, every file's size and SHA-256, no file
 * added, and the PV's and export's signer equal to the bundle's. With `trustedFingerprints`, every signer must be
 * one of them (UNTRUSTED_SIGNER); without, the caller compares `certificateFingerprint` with its own pin.
 */
export async function verifyBundle(dir: string, options: VerifyOptions = {}): Promise<Result<BundleVerification, VerificationError[]>> {
  const errors: VerificationError[] = [];
  let manifestBytes: Uint8Array;
  let signatureText: string;
  try {
    manifestBytes = await readFile(join(dir, MANIFEST_FILE));
    signatureText = await readFile(join(dir, SIGNATURE_FILE), 'utf8');
  } catch {
    return err([{ code: 'NOT_A_BUNDLE', message: `Le dossier ne contient pas ${MANIFEST_FILE} et ${SIGNATURE_FILE} : ce n’est pas un scellé.` }]);
  }
  let signature: z.infer<typeof signatureSchema>;
  let manifest: BundleManifest;
  try {
    signature = signatureSchema.parse(JSON.parse(signatureText));
  } catch {
    return err([{ code: 'BAD_SIGNATURE_FILE', message: `${SIGNATURE_FILE} est illisible ou incomplet.` }]);
  }
  const digest = sha256(manifestBytes);
  if (hex(digest) !== signature.manifestSha256)
    errors.push({ code: 'MANIFEST_MODIFIED', message: `${MANIFEST_FILE} a été modifié après la signature du scellé.` });
  let certificate: forge.pki.Certificate;
  try {
    certificate = forge.pki.certificateFromPem(signature.certificate);
  } catch {
    return err([...errors, { code: 'BAD_CERTIFICATE', message: 'Le certificat du scellé est illisible.' }]);
  }
  if (!verifyDigestSignature(Uint8Array.from(Buffer.from(signature.manifestSha256, 'hex')), fromBase64Url(signature.signature), certificate.publicKey as forge.pki.rsa.PublicKey))
    errors.push({ code: 'BAD_SIGNATURE', message: 'La signature du scellé n’est pas valide pour son certificat.' });
  const fingerprint = checkTrust(certificate, options, errors);
  try {
    manifest = manifestSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)));
  } catch {
    return err([...errors, { code: 'BAD_MANIFEST', message: `${MANIFEST_FILE} est illisible ou ne respecte pas le format ${BUNDLE_FORMAT}.` }]);
  }
  const present = new Set(await listFiles(dir));
  const purged = await readPurgeNote(dir, present);
  for (const entry of manifest.files) {
    if (!present.has(entry.path) && purged.includes(entry.path) && entry.path.startsWith(PURGEABLE_PREFIX)) continue;
    if (!present.has(entry.path)) {
      errors.push({ code: 'FILE_MISSING', message: `Fichier manquant : ${entry.path}.` });
      continue;
    }
    present.delete(entry.path);
    const bytes = await readFile(join(dir, ...entry.path.split('/')));
    if (bytes.length !== entry.size || hex(sha256(bytes)) !== entry.sha256)
      errors.push({ code: 'FILE_MODIFIED', message: `Fichier modifié : ${entry.path} (empreinte SHA-256 différente du manifeste).` });
  }
  present.delete(MANIFEST_FILE);
  present.delete(SIGNATURE_FILE);
  present.delete(PURGE_FILE);
  for (const extra of present) errors.push({ code: 'FILE_ADDED', message: `Fichier ajouté au scellé : ${extra}.` });
  const timeZone = await checkInnerSigners(dir, manifest, fingerprint, options, errors);
  if (errors.length > 0) return err(errors);
  return ok({ electionCode: manifest.electionCode, createdAt: manifest.createdAt, files: manifest.files.length, signer: subjectName(certificate), certificateFingerprint: fingerprint, purged, timeZone });
}

/** The paths purge.json says were purged (none when absent or unreadable: then they count as missing). */
async function readPurgeNote(dir: string, present: Set<string>): Promise<string[]> {
  if (!present.has(PURGE_FILE)) return [];
  try {
    const note = JSON.parse(await readFile(join(dir, PURGE_FILE), 'utf8')) as { removed?: { path?: unknown }[] };
    return (note.removed ?? []).map((r) => r.path).filter((p): p is string => typeof p === 'string');
  } catch {
    return [];
  }
}
