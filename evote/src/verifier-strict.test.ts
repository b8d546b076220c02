// docs/formats/urn.md §1.1, §5, §7: the identity where an honest urn never has it, the urn file's one
// accepted byte form (no blank line, one final "\n", UTF-8), and a strict Ed25519 check of the seal. Each
// tampered urn is re-sealed with the platform key, as a dishonest platform would, so only the rule under test
// can refuse it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { runCeremony, MANIFEST } from './fixtures.test-helpers.js';
import { makeHeader, sealUrn, sealBallotLines, generatePlatformKey, sealPayload } from './urn.js';
import { encryptTestBallots } from './test-urn.js';
import { decodePoint } from './group.js';
import { checkUrnLines, checkUrnText, MISSING_FINAL_NEWLINE, verifyTally } from './verifier.js';
import { partialDecrypt } from './tally.js';
import { buildElectronicTally } from './unseal.js';
import { toBase64Url } from './encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { checkUrnFile } from './node/urn-file.js';
import { IDENTITY_TEXT, type EncodedBallot, type UrnSeal } from './schemas.js';

type BallotLine = EncodedBallot & { kind: 'ballot' };

const { key, shares } = runCeremony();
const platform = generatePlatformKey();
const header = makeHeader(MANIFEST, key, platform.publicKey);
const ballots = encryptTestBallots(MANIFEST, decodePoint(key.publicKey), header.manifestFingerprint, 'verifier-strict', 0, 6);
const closedAt = new Date('2026-11-25T18:00:00Z');
const lines = sealUrn(header, ballots, closedAt, platform.secretKey);
const text = lines.join('\n') + '\n';
const urnIdOf = (line: string) => (JSON.parse(line) as { urnId: string }).urnId;
const reseal = (body: string[]) => sealBallotLines(header, body.map((line) => ({ line, urnId: urnIdOf(line) })), closedAt, platform.secretKey);

function check(l: string[]) {
  const r = checkUrnLines(l);
  if (!r.ok) throw new Error(r.error);
  return r.value.check;
}

describe('the identity is refused where an honest urn never has it (§1.1)', () => {
  test('a ciphertext component or a proof commitment equal to the identity rejects the ballot, naming the field', () => {
    const tamper = (edit: (b: BallotLine) => void) => {
      const b = JSON.parse(lines[3]!) as BallotLine;
      edit(b);
      const line = canonicalJson(b);
      const sealed = reseal([...lines.slice(1, -1).filter((l) => l !== lines[3]), line]);
      return { problems: check(sealed).problems, n: sealed.indexOf(line) };
    };
    const cases: [(b: BallotLine) => void, string][] = [
      [(b) => (b.choices[0]!.a = IDENTITY_TEXT), 'choices.0.a'],
      [(b) => (b.blank.b = IDENTITY_TEXT), 'blank.b'],
      [(b) => (b.choiceProofs[0]!.A[1] = IDENTITY_TEXT), 'choiceProofs.0.A.1'],
      [(b) => (b.sumProof.B[0] = IDENTITY_TEXT), 'sumProof.B.0'],
    ];
    for (const [edit, field] of cases) {
      const r = tamper(edit);
      expect(r.problems).toContain(`Bulletin n° ${r.n} rejeté : bulletin mal formé : champ « ${field} » : élément neutre refusé (un fichier honnête ne le contient jamais ici).`);
    }
  });

  test('a partial decryption D or t2 equal to the identity for a non-empty aggregate is refused', () => {
    const c = checkUrnLines(lines);
    if (!c.ok) throw new Error(c.error);
    const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: c.value.check.merkleRoot };
    const partials = [1, 3].map((h) => partialDecrypt(ctx, h, shares[h - 1]!, c.value.check.aggregates));
    const tally = buildElectronicTally(c.value.verified, c.value.check, partials);
    if (!tally.ok) throw new Error(tally.error);
    expect(verifyTally(c.value.verified, c.value.check, tally.value).ok).toBe(true);
    for (const field of ['value', 't2'] as const) {
      const forged = structuredClone(tally.value);
      const share = forged.partialDecryptions[0]!.urns[0]!.shares[1]!;
      if (field === 'value') share.value = IDENTITY_TEXT;
      else share.proof.t2 = IDENTITY_TEXT;
      expect(verifyTally(c.value.verified, c.value.check, forged)).toEqual({
        ok: false,
        error: ['La preuve du déchiffrement partiel du détenteur 1 est invalide (urne CCIR-COM, valeur 2) : élément neutre inattendu (ou manquant).'],
      });
    }
  });
});

describe('one accepted byte form per urn file (§5)', () => {
  test('the file as written (each line followed by "\\n") is accepted; lines or text alike', () => {
    expect(check(lines).valid).toBe(true);
    const r = checkUrnText(text);
    expect(r.ok && r.value.check.valid).toBe(true);
  });

  test('no final "\\n", an extra one, a blank or whitespace-only line, or "\\r\\n" are refused', () => {
    expect(checkUrnText(text.slice(0, -1))).toEqual({ ok: false, error: MISSING_FINAL_NEWLINE });
    const extra = checkUrnText(text + '\n');
    expect(extra.ok && extra.value.check.problems).toContain('Sceau de clôture absent.');
    for (const blank of ['', ' ', '\t']) {
      const r = checkUrnText([...lines.slice(0, 3), blank, ...lines.slice(3)].join('\n') + '\n');
      expect(r.ok && r.value.check.problems).toContain('Bulletin n° 3 rejeté : ligne vide (une urne n’a pas de ligne vide).');
    }
    expect(checkUrnText('\n' + text)).toEqual({ ok: false, error: 'En-tête de l’urne illisible (JSON invalide).' });
    const crlf = checkUrnText(lines.join('\r\n') + '\r\n');
    expect(crlf).toMatchObject({ ok: false, error: expect.stringMatching(/^En-tête de l’urne non canonique/) });
  });

  test('a file on disk: the same rules, and bytes that are not UTF-8 are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urn-strict-'));
    chmodSync(dir, 0o700);
    const path = join(dir, 'urne.jsonl');
    const run = async (content: string | Buffer) => {
      writeFileSync(path, content, { mode: 0o600 });
      return checkUrnFile(path, { group: 'noble', workers: 0 });
    };
    try {
      const good = await run(text);
      expect(good.ok && good.value.check.valid).toBe(true);
      expect(await run(text.slice(0, -1))).toEqual({ ok: false, error: MISSING_FINAL_NEWLINE });
      const blank = await run([...lines.slice(0, 3), '  ', ...lines.slice(3)].join('\n') + '\n');
      expect(blank.ok && blank.value.check.problems).toContain('Bulletin n° 3 rejeté : ligne vide (une urne n’a pas de ligne vide).');
      const extra = await run(text + '\n');
      expect(extra.ok && extra.value.check.problems).toContain('Sceau de clôture absent.');
      const latin1 = Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0xe9]), Buffer.from(text.slice(40))]);
      expect(await run(latin1)).toEqual({ ok: false, error: 'Fichier d’urne illisible : ce n’est pas de l’UTF-8 valide.' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the seal signature is checked as RFC 8032 strict, not ZIP-215 (§5.1)', () => {
  test('a small-order platform key that would validate any seal under ZIP-215 is refused', () => {
    // A = the Edwards identity, R = identity, S = 0: the cofactored equation holds for every message.
    const identityKey = new Uint8Array(32);
    identityKey[0] = 1;
    const weakHeader = makeHeader(MANIFEST, key, identityKey);
    const sealed = sealUrn(weakHeader, ballots, closedAt, platform.secretKey);
    const seal = JSON.parse(sealed[sealed.length - 1]!) as UrnSeal;
    const signature = new Uint8Array(64);
    signature[0] = 1;
    const payload = sealPayload(weakHeader, seal);
    expect(ed25519.verify(signature, payload, identityKey)).toBe(true); // noble's default (ZIP-215) accepts it
    const forged = [...sealed.slice(0, -1), canonicalJson({ ...seal, signature: toBase64Url(signature) })];
    expect(check(forged).problems).toEqual(['Signature de la plateforme invalide sur le sceau de clôture.']);
  });
});
