// End to end through the real binaries: ceremony with three holders, test urn, public check, unsealing by
// holders 1 and 3, independent verification, and each tampering rejected with a French message.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encryptValues } from '../ballot.js';
import { sealBallotLines, sealUrn } from '../urn.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { decodePoint } from '../group.js';
import { fromBase64Url } from '../encoding.js';
import type { EncodedBallot, UrnHeader } from '../schemas.js';
import { chainHeads } from '../chain.js';
import { signReceipt } from '../receipt.js';
import { generatePlatformKey, ballotHash } from '../urn.js';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin');
// The independent verifier is its own workspace (issue 16, item 2): verifier/bin.
const VERIFIER_BIN = join(__dirname, '..', '..', '..', 'verifier', 'bin');
const dir = mkdtempSync(join(tmpdir(), 'scrutin-urn-cli-'));
const env = { ...process.env, SCRUTIN_VAULT_LOG_N: '12', NODE_OPTIONS: '' };

async function cli(bin: 'scrutin-urn.js' | 'scrutin-verify-urn.js', args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(join(bin === 'scrutin-verify-urn.js' ? VERIFIER_BIN : BIN, bin), args, { cwd: dir, env, maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}
const urn = (...args: string[]) => cli('scrutin-urn.js', args);
/**
 * Without worker threads: each of the two workers a command starts by default precomputes the election
 * key's tables (over a second of CPU each) for a 24-ballot urn. The workers' path is kept where it is
 * checked: make-test-urn, the first check, the accepted verification and the modified ballot's number.
 */
const W0 = ['--workers', '0'];
// The verifier requires the ceremony's public folder (issue 13, item 2): the genuine one unless a test gives another.
const verify = (...args: string[]) => cli('scrutin-verify-urn.js', args.includes('--election-key') ? args : [...args, '--election-key', 'cer/election-key.json']);
async function ok(p: Promise<{ code: number; stdout: string; stderr: string }>) {
  const r = await p;
  if (r.code !== 0) throw new Error(`échec : ${r.stderr}`);
  return r;
}

const manifest = {
  electionCode: 'CCI-CLI-2026',
  urns: [
    { id: 'CCIR-COM', label: 'CCIR — Commerce', seats: 2, candidates: ['Alice', 'Bruno', 'Chloé'] },
    { id: 'CCIT-IND', label: 'CCIT — Industrie', seats: 1, candidates: ['Émile', 'Fanny'] },
  ],
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scrutin-urn and scrutin-verify-urn', () => {
  // Each step is a process of its own: minutes on a loaded machine.
  jest.setTimeout(600_000);

  test('ceremony, test urn, check, unsealing by holders 1 and 3, verification; every tampering rejected', async () => {
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    for (const h of [1, 2, 3]) writeFileSync(join(dir, `pass-${h}.txt`), `phrase secrète numéro ${h}\n`);
    writeFileSync(join(dir, 'short.txt'), 'court\n');

    await ok(urn('ceremony', 'open', '--dir', 'cer', '--election-code', 'CCI-CLI-2026'));
    const weak = await urn('ceremony', 'register', '--holder', '1', '--dir', 'cer', '--name', 'Présidente', '--passphrase-file', 'short.txt');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toMatch(/au moins 12 caractères/);
    for (const h of [1, 2, 3]) await ok(urn('ceremony', 'register', '--holder', String(h), '--dir', 'cer', '--name', `Détenteur ${h}`, '--passphrase-file', `pass-${h}.txt`));
    for (const h of [1, 2, 3]) await ok(urn('ceremony', 'contribute', '--holder', String(h), '--dir', 'cer'));
    const wrongPass = await urn('ceremony', 'finalize', '--holder', '1', '--dir', 'cer', '--passphrase-file', 'pass-2.txt');
    expect(wrongPass.stderr).toMatch(/Phrase secrète incorrecte/);
    for (const h of [1, 2, 3]) await ok(urn('ceremony', 'finalize', '--holder', String(h), '--dir', 'cer', '--passphrase-file', `pass-${h}.txt`));
    const published = JSON.parse((await ok(urn('ceremony', 'publish', '--dir', 'cer', '--manifest', 'manifest.json', '--json'))).stdout);
    expect(published.electionKey.publicKey).toHaveLength(43);
    expect(readFileSync(join(dir, 'cer', 'ceremony-record.txt'), 'utf8')).toMatch(/PROCÈS-VERBAL DE LA CÉRÉMONIE/);
    // No file of the shared folder holds a share in clear: share files are vaults.
    expect(readFileSync(join(dir, 'cer', 'private-holder-1', 'share.vault.json'), 'utf8')).toMatch(/xchacha20poly1305/);

    await ok(urn('platform-key', '--out', 'platform.json'));
    await ok(urn('make-test-urn', '--manifest', 'manifest.json', '--election-key', 'cer/election-key.json', '--ballots', '24', '--seed', 'cli', '--platform-key', 'platform.json', '--out', 'urn.jsonl', '--expected', 'expected.json'));
    const checked = JSON.parse((await ok(urn('check', 'urn.jsonl', '--json'))).stdout);
    expect(checked).toMatchObject({ ok: true, ballotCount: 24, perUrn: { 'CCIR-COM': 12, 'CCIT-IND': 12 } });

    await ok(urn('partial-decrypt', '--urn', 'urn.jsonl', '--share', 'cer/private-holder-1/share.vault.json', '--passphrase-file', 'pass-1.txt', '--out', 'partial-1.json', ...W0));
    await ok(urn('partial-decrypt', '--urn', 'urn.jsonl', '--share', 'cer/private-holder-3/share.vault.json', '--passphrase-file', 'pass-3.txt', '--out', 'partial-3.json', ...W0));
    const single = await urn('combine', '--urn', 'urn.jsonl', '--partials', 'partial-1.json', '--out', 'tally-single.json', ...W0);
    expect(single.code).not.toBe(0);
    expect(single.stderr).toMatch(/deux déchiffrements partiels/);
    const same = await urn('combine', '--urn', 'urn.jsonl', '--partials', 'partial-1.json', 'partial-1.json', '--out', 'tally-same.json', ...W0);
    expect(same.stderr).toMatch(/même détenteur/);
    await ok(urn('combine', '--urn', 'urn.jsonl', '--partials', 'partial-1.json', 'partial-3.json', '--out', 'tally.json', ...W0));
    const tally = JSON.parse(readFileSync(join(dir, 'tally.json'), 'utf8'));
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    expect(tally.urns).toEqual(expected.urns);
    expect(tally.holders).toEqual([1, 3]);

    const accepted = await verify('--urn', 'urn.jsonl', '--tally', 'tally.json', '--election-key', 'cer/election-key.json');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/DÉPOUILLEMENT VÉRIFIÉ/);
    expect(accepted.stdout).toMatch(/CÉRÉMONIE DES CLÉS VÉRIFIÉE/);

    // Tamperings.
    const lines = readFileSync(join(dir, 'urn.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'dropped.jsonl'), [...lines.slice(0, 4), ...lines.slice(5)].join('\n') + '\n');
    const dropped = await verify('--urn', 'dropped.jsonl', ...W0);
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toMatch(/annonce 24 bulletins, l’urne en contient 23/);
    const b = JSON.parse(lines[2]!);
    [b.choices[0], b.choices[1]] = [b.choices[1], b.choices[0]];
    const keys = Object.keys(b).sort();
    writeFileSync(join(dir, 'modified.jsonl'), [...lines.slice(0, 2), JSON.stringify(b, keys), ...lines.slice(3)].join('\n') + '\n');
    expect((await verify('--urn', 'modified.jsonl')).stderr).toMatch(/Bulletin n° 2 rejeté/);
    const wrongTally = structuredClone(tally);
    wrongTally.urns[0].votes[0] += 1;
    writeFileSync(join(dir, 'wrong-tally.json'), JSON.stringify(wrongTally));
    const wt = await verify('--urn', 'urn.jsonl', '--tally', 'wrong-tally.json', ...W0);
    expect(wt.code).toBe(1);
    expect(wt.stderr).toMatch(/différent du résultat recalculé/);
    const forged = structuredClone(tally);
    forged.partialDecryptions[1].urns[1].shares[0].value = forged.partialDecryptions[0].urns[1].shares[0].value;
    writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
    expect((await verify('--urn', 'urn.jsonl', '--tally', 'forged.json', ...W0)).stderr).toMatch(/déchiffrement partiel du détenteur 3 est invalide/);
    // A dishonest platform slips in a ballot with two marks in the one-seat urn and seals it properly.
    const header = JSON.parse(lines[0]!) as UrnHeader;
    const platformKey = JSON.parse(readFileSync(join(dir, 'platform.json'), 'utf8')) as { secretKey: string };
    const honest = lines.slice(1, -1).map((l) => {
      const { kind: _kind, ...ballot } = JSON.parse(l) as EncodedBallot & { kind: string };
      return ballot;
    });
    const ctx = { publicKey: decodePoint(header.electionKey.publicKey), manifestFingerprint: header.manifestFingerprint, urn: header.manifest.urns[1]! };
    const twoMarks = sealUrn(header, [...honest, encryptValues(ctx, [1, 1], 0)], new Date(), fromBase64Url(platformKey.secretKey));
    writeFileSync(join(dir, 'two-marks.jsonl'), twoMarks.join('\n') + '\n');
    const tm = await verify('--urn', 'two-marks.jsonl', ...W0);
    expect(tm.code).toBe(1);
    expect(tm.stderr).toMatch(/rejeté : preuve/);
    const other = await verify('--urn', 'urn.jsonl', '--platform-key-fingerprint', '0'.repeat(64), '--json', ...W0);
    expect(other.code).toBe(1);
    expect(JSON.parse(other.stdout)).toMatchObject({ ok: false });

    const unknown = await urn('check', 'urn.jsonl', '--frobnicate');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/option inconnue/);
    const help = await urn('partial-decrypt', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/phrase secrète/);
    const missing = await urn('check', 'absent.jsonl');
    expect(missing.stderr).toMatch(/Fichier introuvable/);
  });

  // Uses the ceremony, urn, tally and platform key written by the test above (tests of a file run in order).
  test('issue 13: re-sealed copies of a ballot are refused by both tools; the recorded fingerprint is accepted', async () => {
    // Item 1: re-sealed copies of a ballot under another serialisation. Each used to pass both
    // tools (« URNE INTÈGRE », « DÉPOUILLEMENT VÉRIFIÉ » with one vote counted twice).
    const lines = readFileSync(join(dir, 'urn.jsonl'), 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as UrnHeader;
    const platformKey = JSON.parse(readFileSync(join(dir, 'platform.json'), 'utf8')) as { secretKey: string; publicKey: string; fingerprint: string };
    const urnIdOf = (l: string) => (JSON.parse(l) as { urnId: string }).urnId;
    const reseal = (body: string[]) =>
      sealBallotLines(header, body.map((line) => ({ line, urnId: urnIdOf(line) })), new Date(), fromBase64Url(platformKey.secretKey)).join('\n') + '\n';
    const ballotLines = lines.slice(1, -1);
    const copy = JSON.parse(ballotLines[0]!) as EncodedBallot & Record<string, unknown>;
    const inChoice = structuredClone(copy) as EncodedBallot & { choices: Record<string, unknown>[] };
    inChoice.choices[0]!.replay = 1;
    const victim = ballotLines.findIndex((l, i) => i > 0 && urnIdOf(l) === copy.urnId);
    const stolen = structuredClone(copy);
    const into = JSON.parse(ballotLines[victim]!) as EncodedBallot;
    into.choices[0] = stolen.choices[0]!;
    const fixtures: [string, string, RegExp][] = [
      ['replay-added.jsonl', reseal([...ballotLines, canonicalJson({ ...copy, replay: 1 })]), /rejeté : bulletin mal formé : champ inconnu « replay »/],
      ['replay-replacing.jsonl', reseal(ballotLines.map((l, i) => (i === victim ? canonicalJson(inChoice) : l))), /rejeté : bulletin mal formé : champ inconnu « replay » dans « choices\.0 »/],
      ['spaced.jsonl', reseal(ballotLines.map((l, i) => (i === victim ? JSON.stringify(JSON.parse(l), null, 1).replace(/\n/g, '') : l))), /rejeté : bulletin non canonique/],
      ['copied-ciphertext.jsonl', reseal(ballotLines.map((l, i) => (i === victim ? canonicalJson(into) : l))), /un de ses chiffrés figure déjà au bulletin n° \d+/],
    ];
    for (const [file, text, reason] of fixtures) {
      writeFileSync(join(dir, file), text);
      const checkedCopy = await urn('check', file, '--workers', '0');
      expect([file, checkedCopy.code, checkedCopy.stdout]).toEqual([file, 1, '']);
      expect(checkedCopy.stderr).toMatch(reason);
      const verified = await verify('--urn', file, '--tally', 'tally.json', '--workers', '0');
      expect([file, verified.code]).toEqual([file, 1]);
      expect(verified.stderr).toMatch(reason);
      expect(verified.stdout).not.toMatch(/VÉRIFIÉ|INTÈGRE/);
    }

    // Item 3: the fingerprint `platform-key` prints (SHA-256 of the key, as the station records
    // it at sealing) is accepted by both tools, also grouped and in upper case.
    const printed = platformKey.fingerprint;
    expect(printed).toBe(createHash('sha256').update(fromBase64Url(platformKey.publicKey)).digest('hex'));
    expect((await verify('--urn', 'urn.jsonl', '--tally', 'tally.json', '--platform-key-fingerprint', printed, '--workers', '0')).stdout).toMatch(/DÉPOUILLEMENT VÉRIFIÉ/);
    const grouped = printed.toUpperCase().replace(/(.{8})/g, '$1 ').trim();
    expect((await urn('check', 'urn.jsonl', '--platform-key-fingerprint', grouped, '--workers', '0')).stdout).toMatch(/URNE INTÈGRE/);
    const garbled = await urn('check', 'urn.jsonl', '--platform-key-fingerprint', 'abc', '--workers', '0');
    expect(garbled.stderr).toMatch(/Empreinte de clé de plateforme « abc » illisible/);

    // Item 2: no verdict without the ceremony; a commitment changed in election-key.json, or a holder's
    // proof of knowledge altered, is refused (the other tampers are in ceremony-record.test.ts).
    const noKey = await cli('scrutin-verify-urn.js', ['--urn', 'urn.jsonl', '--workers', '0']);
    expect([noKey.code, noKey.stderr]).toEqual([1, expect.stringMatching(/option obligatoire manquante .*--election-key/)]);
    cpSync(join(dir, 'cer'), join(dir, 'cer-commitment'), { recursive: true });
    const key = JSON.parse(readFileSync(join(dir, 'cer', 'election-key.json'), 'utf8')) as { commitments: string[][] };
    key.commitments[1]![1] = key.commitments[0]![1]!;
    writeFileSync(join(dir, 'cer-commitment', 'election-key.json'), JSON.stringify(key, null, 2) + '\n');
    const commitment = await verify('--urn', 'urn.jsonl', '--tally', 'tally.json', '--election-key', 'cer-commitment/election-key.json', '--workers', '0');
    expect(commitment.code).toBe(1);
    expect(commitment.stderr).toMatch(/election-key\.json n’est pas le fichier consigné au journal/);
    expect(commitment.stdout).not.toMatch(/VÉRIFIÉ/);
    cpSync(join(dir, 'cer'), join(dir, 'cer-proof'), { recursive: true });
    const contribution = JSON.parse(readFileSync(join(dir, 'cer', 'contribution-2.json'), 'utf8')) as { proofs: { z: string }[] };
    contribution.proofs[1]!.z = contribution.proofs[0]!.z;
    writeFileSync(join(dir, 'cer-proof', 'contribution-2.json'), JSON.stringify(contribution, null, 2) + '\n');
    const proof = await verify('--urn', 'urn.jsonl', '--election-key', 'cer-proof/election-key.json', '--workers', '0');
    expect(proof.code).toBe(1);
    expect(proof.stderr).toMatch(/contribution-2\.json n’est pas le fichier consigné au journal/);
    expect(proof.stderr).toMatch(/preuve de connaissance du détenteur 2 pour son coefficient 1 est invalide/);
  });

  // Issue 13, item 5: receipts bound to the platform's batch chain. Uses the urn and platform key above.
  test('--receipts: genuine receipts pass; a dropped ballot, a reordered batch, a forged receipt each fail in French', async () => {
    const lines = readFileSync(join(dir, 'urn.jsonl'), 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!) as UrnHeader;
    const secret = fromBase64Url((JSON.parse(readFileSync(join(dir, 'platform.json'), 'utf8')) as { secretKey: string }).secretKey);
    const ballotLines = lines.slice(1, -1);
    const entries = ballotLines.map((line) => ({ line, urnId: (JSON.parse(line) as { urnId: string }).urnId, hash: ballotHash(line) }));
    // Three batches of eight, as the platform would have written them.
    const batches = [0, 1, 2].map((b) => entries.slice(b * 8, b * 8 + 8).map((e) => e.hash));
    const seal = (batchList: string[][]) => {
      const kept = new Set(batchList.flat());
      const text = sealBallotLines(header, entries.filter((e) => kept.has(e.hash)), new Date('2026-12-01T18:00:00Z'), secret, batchList).join('\n') + '\n';
      return text;
    };
    writeFileSync(join(dir, 'chained.jsonl'), seal(batches));
    const heads = chainHeads(header.manifestFingerprint, batches);
    const receipts = entries.map((e, i) => {
      const batch = Math.floor(i / 8) + 1;
      return signReceipt({ electionCode: header.manifest.electionCode, ballots: [{ urnId: e.urnId, fingerprint: e.hash }], batch, batchHead: heads[batch - 1]!, recordedAt: new Date('2026-12-01T09:14:00Z') }, secret);
    });
    writeFileSync(join(dir, 'receipts.json'), JSON.stringify(receipts, null, 2));
    writeFileSync(join(dir, 'receipts.jsonl'), receipts.map((r) => JSON.stringify(r)).join('\n') + '\n');

    for (const file of ['receipts.json', 'receipts.jsonl']) {
      const genuine = await verify('--urn', 'chained.jsonl', '--receipts', file, '--tally', 'tally.json', '--workers', '0');
      expect([file, genuine.code, genuine.stderr]).toEqual([file, 0, '']);
      expect(genuine.stdout).toMatch(/REÇUS VÉRIFIÉS : 24 reçu\(s\)/);
    }

    // The platform drops the third ballot of batch 1 after its receipt was issued, and re-seals honestly
    // otherwise: its owner's receipt fails, and so does a receipt of batch 3 (its head no longer on the chain).
    writeFileSync(join(dir, 'chain-dropped.jsonl'), seal([batches[0]!.filter((_, i) => i !== 2), batches[1]!, batches[2]!]));
    const dropped = await verify('--urn', 'chain-dropped.jsonl', '--receipts', 'receipts.json', '--workers', '0');
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toMatch(/Reçu n° 3 refusé : la chaîne de l’urne ne passe pas par la tête du lot n° 1 du reçu/);
    expect(dropped.stderr).toMatch(/Reçu n° 24 refusé : la chaîne de l’urne ne passe pas par la tête du lot n° 3/);
    expect(dropped.stdout).not.toMatch(/VÉRIFIÉ/);

    // Same ballots, but one moved from batch 1 to batch 2.
    writeFileSync(join(dir, 'chain-reordered.jsonl'), seal([batches[0]!.slice(1), [batches[0]![0]!, ...batches[1]!], batches[2]!]));
    const reordered = await verify('--urn', 'chain-reordered.jsonl', '--receipts', 'receipts.jsonl', '--workers', '0');
    expect(reordered.code).toBe(1);
    expect(reordered.stderr).toMatch(/Reçu n° 1 refusé : la chaîne de l’urne ne passe pas par la tête du lot n° 1/);
    expect(reordered.stderr).toMatch(/Reçu n° 9 refusé : la chaîne de l’urne ne passe pas par la tête du lot n° 2/);

    // Forged receipts against the genuine urn: one altered, one signed by another key, one for a ballot that
    // was never in its batch.
    const altered = { ...receipts[0]!, ballots: [{ ...receipts[0]!.ballots[0]!, fingerprint: entries[20]!.hash }] };
    const other = generatePlatformKey();
    const foreign = signReceipt({ electionCode: header.manifest.electionCode, ballots: receipts[1]!.ballots, batch: 1, batchHead: heads[0]!, recordedAt: new Date('2026-12-01T09:14:00Z') }, other.secretKey);
    const wrongBatch = signReceipt({ electionCode: header.manifest.electionCode, ballots: receipts[20]!.ballots, batch: 1, batchHead: heads[0]!, recordedAt: new Date('2026-12-01T09:14:00Z') }, secret);
    writeFileSync(join(dir, 'forged-receipts.json'), JSON.stringify([receipts[5], altered, foreign, wrongBatch, { format: 'autre' }]));
    const forged = await verify('--urn', 'chained.jsonl', '--receipts', 'forged-receipts.json', '--workers', '0');
    expect(forged.code).toBe(1);
    expect(forged.stderr).not.toMatch(/Reçu n° 1 /);
    expect(forged.stderr).toMatch(/Reçu n° 2 refusé : signature du reçu invalide : reçu modifié ou contrefait/);
    expect(forged.stderr).toMatch(/Reçu n° 3 refusé : reçu signé par une autre clé que celle de la plateforme/);
    expect(forged.stderr).toMatch(/Reçu n° 4 refusé : bulletin [0-9a-f]{64} \(CCI[A-Z-]+\) absent du lot n° 1 de l’urne scellée/);
    expect(forged.stderr).toMatch(/Reçu n° 5 refusé : reçu illisible/);

    // An urn sealed without a chain cannot vouch for any receipt.
    const unchained = await verify('--urn', 'urn.jsonl', '--receipts', 'receipts.json', '--workers', '0');
    expect(unchained.stderr).toMatch(/Reçu n° 1 non vérifiable : le sceau de l’urne ne porte pas la chaîne des lots/);
  });
});
