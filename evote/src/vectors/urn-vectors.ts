// Test vectors of docs/formats/urn.md (issue 13, item 4): a whole election run by evote itself from a
// seeded random stream, with every hash input and output a re-implementer needs to check theirs. The
// files are the ones the commands write; intermediates.json spells out what the spec says in words.
// Every intermediate input is built here by an explicit framing and then required to give exactly what
// evote computed (`hashToScalar`, `taggedHashHex`, the files' fields), so the vectors cannot state a framing
// that the code does not use.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { encryptBallot } from '../ballot.js';
import { nextJournalLine, publishedFileHash } from '../ceremony-record.js';
import { buildElectionKey, createContribution, finalizeHolder, HOLDERS, newTransportKey, openCeremony, type Contribution, type Registration } from '../dkg.js';
import { fromBase64Url, toBase64Url } from '../encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { DOMAIN, G, ORDER, Point, decodePoint, decodeScalar, hashToScalar, mod, taggedHashHex } from '../group.js';
import type { RandomBytes } from '../proofs.js';
import type { ElectionKey, ElectionManifest, EncodedBallot, EncodedDisjunctiveProof, PartialDecryption } from '../schemas.js';
import { lagrangeAtZero, partialDecrypt, type UrnAggregate } from '../tally.js';
import { buildElectronicTally } from '../unseal.js';
import { makeHeader, platformKeyFingerprint, sealPayload, sealUrn } from '../urn.js';
import { checkUrnLines } from '../verifier.js';
import { valueOrRefusal } from '@scrutin/server-kit/cli.js';

/** The seed of every random value of the vectors (see `seededRandom`). */
export const VECTOR_SEED = 'scrutin/evote/v1/test-vectors';

/**
 * Deterministic byte stream: block k (k = 0, 1, …) is SHA-512(UTF-8 seed ‖ k as 4 bytes big-endian), and
 * requests are served from the concatenated blocks in call order. For test vectors only: anyone can
 * predict it.
 */
export function seededRandom(seed: string): RandomBytes {
  let buffer = new Uint8Array(0);
  let counter = 0;
  return (n: number) => {
    while (buffer.length < n) {
      buffer = concatBytes(buffer, sha512(concatBytes(utf8ToBytes(seed), u32(counter++))));
    }
    const out = buffer.slice(0, n);
    buffer = buffer.slice(n);
    return out;
  };
}

export const VECTOR_MANIFEST: ElectionManifest = {
  electionCode: 'CCI-VECTEURS-2026',
  urns: [
    { id: 'CCIR-COM', label: 'CCIR — Commerce', seats: 2, candidates: ['ARNAUD Lise', 'BERTIN Marc', 'CAZALS Nina'] },
    { id: 'CCIT-IND', label: 'CCIT — Industrie', seats: 1, candidates: ['DELORME Paul', 'ESTÈVE Rose'] },
    // No ballot: the vectors show what an empty urn aggregates to and how it is decrypted.
    { id: 'CCIT-SER', label: 'CCIT — Services', seats: 1, candidates: ['FAURE Yves', 'GIRARD Anne'] },
  ],
};

/** The marks of each ballot (candidate indexes in manifest order; [] = blank), in casting order. */
export const VECTOR_BALLOTS: { urnId: string; marks: number[] }[] = [
  { urnId: 'CCIR-COM', marks: [0, 2] },
  { urnId: 'CCIT-IND', marks: [1] },
  { urnId: 'CCIR-COM', marks: [] },
  { urnId: 'CCIR-COM', marks: [1] },
  { urnId: 'CCIT-IND', marks: [0] },
];

/** The two holders who unseal: 1 and 3, so that both Lagrange coefficients differ from 1. */
export const VECTOR_UNSEALERS = [1, 3] as const;

const OPENED_AT = new Date('2026-11-02T09:00:00.000Z');
const CLOSED_AT = new Date('2026-11-19T18:00:00.000Z');

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

type Part = { text: string } | { point: string };

const hex = (b: Uint8Array) => bytesToHex(b);
const pointHex = (p: Point | string) => hex(typeof p === 'string' ? fromBase64Url(p) : p.toBytes());
const partBytes = (p: Part) => ('text' in p ? utf8ToBytes(p.text) : Uint8Array.from(Buffer.from(p.point, 'hex')));
const framedTag = (tag: string) => concatBytes(u32(utf8ToBytes(DOMAIN + tag).length), utf8ToBytes(DOMAIN + tag));

function leToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** H(tag, data), stated with its input bytes, and required to equal evote's `taggedHashHex`. */
function hashRecord(tag: string, data: string) {
  const input = concatBytes(framedTag(tag), utf8ToBytes(data));
  const output = hex(sha256(input));
  if (output !== taggedHashHex(tag, data)) throw new Error(`cadrage de H(${tag}) différent de celui d’evote`);
  return { tag, data, input: hex(input), output };
}

/** challenge(tag, parts), stated with its input bytes, and required to equal evote's `hashToScalar`. */
function challengeRecord(tag: string, parts: Part[]) {
  const input = concatBytes(framedTag(tag), ...parts.map((p) => concatBytes(u32(partBytes(p).length), partBytes(p))));
  const digest = sha512(input);
  const scalar = mod(leToBigInt(digest));
  if (scalar !== hashToScalar(tag, parts.map(partBytes))) throw new Error(`cadrage du défi ${tag} différent de celui d’evote`);
  return { tag, parts, input: hex(input), sha512: hex(digest), challenge: scalar.toString() };
}

const text = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Every file of docs/formats/urn-vectors, by path relative to that folder. Deterministic. */
export function generateUrnVectors(): Record<string, string> {
  const random = seededRandom(VECTOR_SEED);
  const ceremony = openCeremony(VECTOR_MANIFEST.electionCode, OPENED_AT, random);
  const transports = HOLDERS.map(() => newTransportKey(random));
  const names = ['Détentrice Une', 'Détenteur Deux', 'Détentrice Trois'];
  const registrations: Registration[] = HOLDERS.map((h) => ({
    format: 'scrutin-ceremony-registration/1',
    ceremonyId: ceremony.ceremonyId,
    holder: h,
    name: names[h - 1]!,
    transportPublicKey: toBase64Url(transports[h - 1]!.publicKey),
  }));
  const contributions: Contribution[] = HOLDERS.map((h) => valueOrRefusal(createContribution(ceremony, h, registrations, random)));
  const finals = HOLDERS.map((h) => valueOrRefusal(finalizeHolder(ceremony, h, transports[h - 1]!.secretKey, contributions)));
  const key = valueOrRefusal(buildElectionKey(ceremony, contributions, finals.map((f) => f.finalization)));

  const platformSecret = random(32);
  const platform = ed25519.keygen(platformSecret);
  const header = makeHeader(VECTOR_MANIFEST, key, platform.publicKey);

  const ceremonyFiles: Record<string, string> = {
    'ceremony/ceremony.json': text(ceremony),
    ...Object.fromEntries(HOLDERS.map((h) => [`ceremony/registration-${h}.json`, text(registrations[h - 1])])),
    ...Object.fromEntries(HOLDERS.map((h) => [`ceremony/contribution-${h}.json`, text(contributions[h - 1])])),
    ...Object.fromEntries(HOLDERS.map((h) => [`ceremony/finalization-${h}.json`, text(finals[h - 1]!.finalization)])),
    'ceremony/election-key.json': text(key),
  };
  const journal: string[] = [];
  const journalFiles: string[] = [];
  const record = (entry: Record<string, unknown>, file: string) => {
    const at = new Date(OPENED_AT.getTime() + journal.length * 60_000);
    journal.push(nextJournalLine(journal[journal.length - 1], { ...entry, file: publishedFileHash(ceremonyFiles[file]!) }, at).line);
    journalFiles.push(file);
  };
  record({ action: 'open', electionCode: ceremony.electionCode, ceremonyId: ceremony.ceremonyId }, 'ceremony/ceremony.json');
  for (const h of HOLDERS) record({ action: 'register', holder: h, name: names[h - 1] }, `ceremony/registration-${h}.json`);
  for (const h of HOLDERS) record({ action: 'contribute', holder: h, commitments: contributions[h - 1]!.commitments }, `ceremony/contribution-${h}.json`);
  for (const h of HOLDERS) record({ action: 'finalize', holder: h, verificationKey: finals[h - 1]!.finalization.verificationKey }, `ceremony/finalization-${h}.json`);
  record({ action: 'publish', publicKey: key.publicKey, keyFingerprint: key.keyFingerprint, manifestFingerprint: header.manifestFingerprint }, 'ceremony/election-key.json');

  // Ballots: the randomness each encryption draws is recorded, so that the vectors give every r.
  const Y = decodePoint(key.publicKey);
  const ballots: EncodedBallot[] = [];
  const plaintexts: { urnId: string; marks: number[]; randomness: string[] }[] = [];
  for (const b of VECTOR_BALLOTS) {
    const urn = VECTOR_MANIFEST.urns.find((u) => u.id === b.urnId)!;
    const draws: Uint8Array[] = [];
    const recording: RandomBytes = (n) => {
      const out = random(n);
      draws.push(out);
      return out;
    };
    const ballot = valueOrRefusal(encryptBallot({ publicKey: Y, manifestFingerprint: header.manifestFingerprint, urn }, b.marks, recording));
    // The first draws are the ciphertexts' randomness, candidates then blank (checked against a = r·G).
    const r = draws.slice(0, urn.candidates.length + 1).map((d) => mod(leToBigInt(d)));
    [...ballot.choices, ballot.blank].forEach((ct, i) => {
      if (!G.multiply(r[i]!).equals(decodePoint(ct.a))) throw new Error('aléa de chiffrement non retrouvé');
    });
    ballots.push(ballot);
    plaintexts.push({ urnId: b.urnId, marks: b.marks, randomness: r.map(String) });
  }
  const urnLines = sealUrn(header, ballots, CLOSED_AT, platform.secretKey);
  const checked = checkUrnLines(urnLines);
  if (!checked.ok || !checked.value.check.valid) throw new Error('urne des vecteurs refusée');
  const { verified, check } = checked.value;

  const ctx = { electionCode: VECTOR_MANIFEST.electionCode, manifestFingerprint: header.manifestFingerprint, merkleRoot: check.merkleRoot };
  const partials: PartialDecryption[] = VECTOR_UNSEALERS.map((h) => partialDecrypt(ctx, h, finals[h - 1]!.share, check.aggregates, random));
  const tally = valueOrRefusal(buildElectronicTally(verified, check, partials));

  const files: Record<string, string> = {
    ...ceremonyFiles,
    'ceremony/journal.jsonl': journal.map((l) => l + '\n').join(''),
    'manifest.json': text(VECTOR_MANIFEST),
    'urn.jsonl': urnLines.map((l) => l + '\n').join(''),
    ...Object.fromEntries(partials.map((p) => [`partial-decryption-${p.holder}.json`, text(p)])),
    'tally.json': text(tally),
  };

  const ballotLines = urnLines.slice(1, -1);
  const intermediates = {
    format: 'scrutin-urn-vectors/1',
    note: 'docs/formats/urn.md §10. Points in hex (32 bytes, the ristretto255 encoding); scalars and challenges in decimal; every hash with its whole input in hex. votes: in casting order (not file order); marks are 0-based candidate indexes in manifest order ([] = blank); randomness is r of each ciphertext, candidates in manifest order then blank. Every scalar drawn takes 64 bytes of the stream, read little-endian and reduced mod the group order.',
    randomness: {
      seed: VECTOR_SEED,
      stream: 'block k = SHA-512(UTF-8 seed ‖ k as 4 bytes big-endian), k = 0, 1, …; requests served from the concatenated blocks in order',
      order: 'ceremonyId (16 bytes); transport keys of holders 1, 2, 3 (32 bytes each); contributions of holders 1, 2, 3; platform key seed (32 bytes); ballots in casting order; partial decryptions of holders 1 then 3',
    },
    group: { order: ORDER.toString(), generator: pointHex(G) },
    votes: plaintexts,
    platform: {
      secretSeed: hex(platformSecret),
      publicKey: hex(platform.publicKey),
      fingerprint: { input: hex(platform.publicKey), output: platformKeyFingerprint(platform.publicKey) },
    },
    ceremony: ceremonyIntermediates(ceremony.ceremonyId, contributions, key, finals.map((f) => f.finalization.verificationKey), journal, journalFiles, ceremonyFiles),
    manifestFingerprint: hashRecord('manifest', canonicalJson({ manifest: VECTOR_MANIFEST, publicKey: key.publicKey, keyFingerprint: key.keyFingerprint })),
    ballots: ballotLines.map((line) => ballotIntermediates(line, header.manifestFingerprint)),
    merkle: merkleIntermediates(ballotLines.map((l) => taggedHashHex('ballot', l))),
    seal: (() => {
      const seal = JSON.parse(urnLines[urnLines.length - 1]!) as { signature: string } & Parameters<typeof sealPayload>[1];
      return { payload: new TextDecoder().decode(sealPayload(header, seal)), signature: hex(fromBase64Url(seal.signature)) };
    })(),
    aggregates: check.aggregates.map((a) => ({
      urnId: a.urnId,
      ballots: a.ballots,
      choices: a.choices.map((c) => ({ a: pointHex(c.a), b: pointHex(c.b) })),
      blank: { a: pointHex(a.blank.a), b: pointHex(a.blank.b) },
    })),
    partialDecryptions: partials.map((p) => ({
      holder: p.holder,
      verificationKey: pointHex(key.verificationKeys[p.holder - 1]!),
      urns: p.urns.map((u, ui) => {
        const agg = check.aggregates[ui]!;
        const targets = [...agg.choices, agg.blank];
        return {
          urnId: u.urnId,
          shares: u.shares.map((s, index) => ({
            index,
            A: pointHex(targets[index]!.a),
            D: pointHex(s.value),
            challenge: equalityHolds(s, targets[index]!.a, key.verificationKeys[p.holder - 1]!, challengeRecord('partial-decryption', [
              { text: header.manifestFingerprint }, { text: check.merkleRoot }, { text: String(p.holder) }, { text: u.urnId }, { text: String(index) },
              { point: pointHex(key.verificationKeys[p.holder - 1]!) }, { point: pointHex(targets[index]!.a) }, { point: pointHex(s.value) },
              { point: pointHex(s.proof.t1) }, { point: pointHex(s.proof.t2) },
            ])),
            z: decodeScalar(s.proof.z).toString(),
          })),
        };
      }),
    })),
    combination: combinationIntermediates(check.aggregates, partials),
  };
  files['intermediates.json'] = text(intermediates);
  return files;
}

const times = (point: Point, k: bigint) => (point.is0() || k === 0n ? Point.ZERO : point.multiplyUnsafe(k));

/** The stated challenge must be the one evote's proof answers: z·G = t + c·C. */
function knowledgeHolds<R extends { challenge: string }>(proof: { t: string; z: string }, commitment: string, record: R): R {
  const c = BigInt(record.challenge);
  if (!times(G, decodeScalar(proof.z)).equals(decodePoint(proof.t).add(times(decodePoint(commitment), c)))) throw new Error('défi de connaissance différent');
  return record;
}

/** The stated challenge must be the one evote's proof answers: z·G = t1 + c·Y_h and z·A = t2 + c·D. */
function equalityHolds<R extends { challenge: string }>(share: { value: string; proof: { t1: string; t2: string; z: string } }, A: Point, Yh: string, record: R): R {
  const c = BigInt(record.challenge);
  const z = decodeScalar(share.proof.z);
  const first = times(G, z).equals(decodePoint(share.proof.t1).add(times(decodePoint(Yh), c)));
  const second = times(A, z).equals(decodePoint(share.proof.t2).add(times(decodePoint(share.value), c)));
  if (!first || !second) throw new Error('défi de déchiffrement partiel différent');
  return record;
}

function ceremonyIntermediates(
  ceremonyId: string, contributions: Contribution[], key: ElectionKey,
  verificationKeys: string[], journal: string[], journalFiles: string[], files: Record<string, string>,
) {
  return {
    knowledgeProofs: contributions.flatMap((c) => c.commitments.map((commitment, k) => ({
      holder: c.holder,
      coefficient: k,
      C: pointHex(commitment),
      t: pointHex(c.proofs[k]!.t),
      z: decodeScalar(c.proofs[k]!.z).toString(),
      challenge: knowledgeHolds(c.proofs[k]!, commitment, challengeRecord('knowledge', [
        { text: ceremonyId }, { text: String(c.holder) }, { text: 'coefficient' }, { text: String(k) }, { point: pointHex(commitment) }, { point: pointHex(c.proofs[k]!.t) },
      ])),
    }))),
    contributionHashes: contributions.map((c) => hashRecord('contribution', canonicalJson(c))),
    publicKey: pointHex(key.publicKey),
    verificationKeys: verificationKeys.map(pointHex),
    keyFingerprint: hashRecord('election-key', canonicalJson({ ceremonyId, electionCode: key.electionCode, publicKey: key.publicKey, commitments: key.commitments })),
    journal: journal.map((line, i) => {
      const { hash: _hash, ...body } = JSON.parse(line) as Record<string, unknown>;
      return { seq: i + 1, file: journalFiles[i]!, fileHash: hashRecord('file', files[journalFiles[i]!]!), lineHash: hashRecord('ceremony-journal', canonicalJson(body)) };
    }),
  };
}

function proofIntermediates(proof: EncodedDisjunctiveProof, values: number[], head: Part[]) {
  const c = proof.c.map(decodeScalar);
  const challenge = challengeRecord('membership', [...head, ...proof.A.map((p) => ({ point: pointHex(p) })), ...proof.B.map((p) => ({ point: pointHex(p) }))]);
  const sumOfC = mod(c.reduce((s, x) => s + x, 0n)).toString();
  // The proof evote made must close on the challenge stated here: same parts, same order.
  if (sumOfC !== challenge.challenge) throw new Error('défi d’appartenance différent de celui de la preuve');
  return { values, challenge, c: c.map(String), z: proof.z.map((z) => decodeScalar(z).toString()), sumOfC };
}

function ballotIntermediates(line: string, fingerprint: string) {
  const b = JSON.parse(line) as EncodedBallot;
  const urn = VECTOR_MANIFEST.urns.find((u) => u.id === b.urnId)!;
  const ct = (c: { a: string; b: string }): Part[] => [{ point: pointHex(c.a) }, { point: pointHex(c.b) }];
  return {
    hash: hashRecord('ballot', line),
    urnId: b.urnId,
    choiceProofs: b.choiceProofs.map((p, i) => proofIntermediates(p, [0, 1], [{ text: fingerprint }, { text: b.urnId }, { text: 'choice' }, { text: String(i) }, ...ct(b.choices[i]!)])),
    blankProof: proofIntermediates(b.blankProof, [0, 1], [{ text: fingerprint }, { text: b.urnId }, { text: 'blank' }, ...ct(b.blank)]),
    sumProof: proofIntermediates(
      b.sumProof,
      Array.from({ length: urn.seats }, (_, i) => i + 1),
      [{ text: fingerprint }, { text: b.urnId }, { text: 'sum' }, ...[...b.choices, b.blank].flatMap(ct)],
    ),
  };
}

/** Leaves and every level up to the root, as RFC 6962 with an odd last node promoted. */
function merkleIntermediates(hashes: string[]) {
  const leaves = hashes.map((h) => ({ input: '00' + h, output: hex(sha256(Buffer.from('00' + h, 'hex'))) }));
  const levels: { input: string; output: string }[][] = [];
  let level = leaves.map((l) => l.output);
  while (level.length > 1) {
    const nodes: { input: string; output: string }[] = [];
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      if (level[i + 1] === undefined) next.push(level[i]!);
      else {
        const input = '01' + level[i]! + level[i + 1]!;
        const output = hex(sha256(Buffer.from(input, 'hex')));
        nodes.push({ input, output });
        next.push(output);
      }
    }
    levels.push(nodes);
    level = next;
  }
  return { leaves, levels, root: level[0] ?? hex(sha256(new Uint8Array(0))) };
}

function combinationIntermediates(aggregates: UrnAggregate[], partials: PartialDecryption[]) {
  const [p, q] = partials as [PartialDecryption, PartialDecryption];
  const lambdas = { [p.holder]: lagrangeAtZero(p.holder, q.holder), [q.holder]: lagrangeAtZero(q.holder, p.holder) };
  return {
    holders: [p.holder, q.holder],
    lagrange: Object.fromEntries(Object.entries(lambdas).map(([h, l]) => [h, { decimal: l.toString(), bytesLittleEndian: hex(Uint8Array.from({ length: 32 }, (_, i) => Number((l >> BigInt(8 * i)) & 0xffn))) }])),
    urns: aggregates.map((agg, u) => ({
      urnId: agg.urnId,
      values: [...agg.choices, agg.blank].map((ct, i) => {
        const sA = times(decodePoint(p.urns[u]!.shares[i]!.value), lambdas[p.holder]!).add(times(decodePoint(q.urns[u]!.shares[i]!.value), lambdas[q.holder]!));
        const M = ct.b.subtract(sA);
        let m = 0;
        while (!(m === 0 ? Point.ZERO : G.multiply(BigInt(m))).equals(M)) if (++m > agg.ballots) throw new Error('total hors bornes');
        return { index: i, sA: pointHex(sA), M: pointHex(M), m };
      }),
    })),
  };
}
