// `scrutin-urn platform-key | make-test-urn | check | partial-decrypt | combine`.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { z } from 'zod';
import { generatePlatformKey, makeHeader, normaliseFingerprint, platformKeyFingerprint, sealBallotLines } from '../urn.js';
import { fromBase64Url, toBase64Url } from '../encoding.js';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { ElectionKeySchema, ElectionManifestSchema, PartialDecryptionSchema, PointText } from '../schemas.js';
import { verifyElectionKey } from '../dkg.js';
import { expectedTally } from '../test-urn.js';
import { partialDecryptWithShare } from '../tally.js';
import { buildElectronicTally } from '../unseal.js';
import { WorkerPool } from '../node/pool.js';
import { checkUrnFile, type FileCheck } from '../node/urn-file.js';
import { URN_CHECK_GROUP, type BackendName } from '../group-backend.js';
import { loadShare } from './ceremony.js';
import { readJsonFile, readPassphrase, writeJsonFile } from './io.js';
import { CliError, processIo, report } from '@scrutin/server-kit/cli.js';

export const PlatformKeyFileSchema = z.strictObject({
  format: z.literal('scrutin-platform-key/1'),
  secretKey: PointText,
  publicKey: PointText,
  fingerprint: z.string(),
});

const workersOption = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new CliError('Nombre de processus de calcul invalide.');
  return n;
};

/** `group`: the ristretto255 library of the proof checks (URN_CHECK_GROUP). */
export async function checkedUrn(path: string, workers: number, group: BackendName): Promise<FileCheck> {
  const r = await checkUrnFile(path, { workers, group });
  if (!r.ok) throw new CliError(r.error);
  return r.value;
}

/**
 * The urn's platform key against the fingerprint recorded when the station was sealed (the station prints
 * it; spaces, colons and case are ignored). [] when they match, else the French reason.
 */
export function platformKeyProblems(c: FileCheck, recorded: string): string[] {
  const expected = normaliseFingerprint(recorded);
  if (expected === null) return [`Empreinte de clé de plateforme « ${recorded} » illisible : 64 caractères hexadécimaux attendus.`];
  const actual = platformKeyFingerprint(fromBase64Url(c.verified.header.platformPublicKey));
  return actual === expected ? [] : [`La clé de la plateforme n’est pas celle relevée au scellement de la station (empreinte de l’urne ${actual}, relevée ${expected}).`];
}

export function checkLines(c: FileCheck): string[] {
  const { check, verified } = c;
  return [
    check.valid ? 'URNE INTÈGRE : sceau, racine de Merkle, signature de la plateforme et toutes les preuves vérifiés.' : 'URNE REJETÉE.',
    `Scrutin : ${verified.header.manifest.electionCode}    empreinte ${verified.header.manifestFingerprint}`,
    `Bulletins : ${check.ballotCount}  (${Object.entries(check.perUrn).map(([u, n]) => `${u} : ${n}`).join(', ')})`,
    `Racine de Merkle : ${check.merkleRoot}    clôture : ${check.closedAt ?? '—'}`,
    `Empreinte de la clé de la plateforme : ${platformKeyFingerprint(fromBase64Url(verified.header.platformPublicKey))}`,
    ...check.problems.slice(0, 50).map((p) => `  - ${p}`),
    ...(check.problems.length > 50 ? [`  … et ${check.problems.length - 50} autres anomalies`] : []),
  ];
}

export function checkJson(c: FileCheck) {
  return {
    ok: c.check.valid,
    electionCode: c.verified.header.manifest.electionCode,
    manifestFingerprint: c.verified.header.manifestFingerprint,
    ballotCount: c.check.ballotCount,
    perUrn: c.check.perUrn,
    merkleRoot: c.check.merkleRoot,
    closedAt: c.check.closedAt,
    platformKeyFingerprint: platformKeyFingerprint(fromBase64Url(c.verified.header.platformPublicKey)),
    problems: c.check.problems,
  };
}

export function urnCommands(program: Command): void {
  program
    .command('platform-key')
    .description('Génère une clé Ed25519 de plateforme (essais et démonstrations)')
    .requiredOption('--out <fichier>', 'fichier de sortie')
    .option('--json', 'sortie JSON')
    .action((opts: { out: string; json?: boolean }) => {
      const k = generatePlatformKey();
      const fingerprint = platformKeyFingerprint(k.publicKey);
      writeJsonFile(opts.out, { format: 'scrutin-platform-key/1', secretKey: toBase64Url(k.secretKey), publicKey: toBase64Url(k.publicKey), fingerprint });
      report(processIo, opts.json, { ok: true, publicKey: toBase64Url(k.publicKey), fingerprint }, () => [`Clé de plateforme écrite dans ${opts.out}.`, `Empreinte : ${fingerprint}`].join('\n'));
    });

  program
    .command('make-test-urn')
    .description('Chiffreur de référence : urne de N bulletins à distribution connue, scellée comme par la plateforme')
    .requiredOption('--manifest <fichier>', 'description du scrutin')
    .requiredOption('--election-key <fichier>', 'clé d’élection publiée par la cérémonie')
    .requiredOption('--ballots <n>', 'nombre de bulletins')
    .requiredOption('--platform-key <fichier>', 'clé de la plateforme')
    .requiredOption('--out <fichier>', 'fichier d’urne (JSON Lines)')
    .option('--seed <graine>', 'graine de la distribution des votes', 'demo')
    .option('--expected <fichier>', 'écrit le dépouillement attendu')
    .option('--workers <n>', 'processus de calcul', '2')
    .option('--json', 'sortie JSON')
    .action(async (opts: { manifest: string; electionKey: string; ballots: string; platformKey: string; out: string; seed: string; expected?: string; workers: string; json?: boolean }) => {
      const count = Number(opts.ballots);
      if (!Number.isInteger(count) || count < 0) throw new CliError('Nombre de bulletins invalide.');
      const manifest = readJsonFile(opts.manifest, ElectionManifestSchema, 'Description du scrutin');
      const electionKey = readJsonFile(opts.electionKey, ElectionKeySchema, 'Clé d’élection');
      const keyCheck = verifyElectionKey(electionKey);
      if (!keyCheck.ok) throw new CliError(keyCheck.error);
      if (electionKey.electionCode !== manifest.electionCode) throw new CliError('La clé d’élection est celle d’un autre scrutin.');
      const platform = readJsonFile(opts.platformKey, PlatformKeyFileSchema, 'Clé de plateforme');
      const header = makeHeader(manifest, electionKey, fromBase64Url(platform.publicKey));
      const headerLine = canonicalJson(header);
      const pool = new WorkerPool(Math.max(1, workersOption(opts.workers)));
      const jobs: Promise<string[]>[] = [];
      try {
        for (let from = 0; from < count; from += 200)
          jobs.push(pool.run<string[]>({ kind: 'encrypt', headerLine, seed: opts.seed, from, to: Math.min(count, from + 200) }));
        const lines = (await Promise.all(jobs)).flat();
        const entries = lines.map((line, i) => ({ line, urnId: manifest.urns[i % manifest.urns.length]!.id }));
        const sealed = sealBallotLines(header, entries, new Date(), fromBase64Url(platform.secretKey));
        const out = createWriteStream(opts.out);
        for (const l of sealed) if (!out.write(l + '\n')) await once(out, 'drain');
        out.end();
        await once(out, 'finish');
      } finally {
        await pool.close();
      }
      const expected = expectedTally(manifest, opts.seed, count);
      if (opts.expected) writeJsonFile(opts.expected, { seed: opts.seed, ballots: count, urns: expected });
      report(processIo, opts.json, { ok: true, out: opts.out, ballots: count, manifestFingerprint: header.manifestFingerprint, expected }, () => [
        `Urne de ${count} bulletins écrite dans ${opts.out} et scellée.`,
        ...expected.map((u) => `  ${u.urnId} : ${u.ballots} bulletins, ${u.blank} blancs, voix ${u.votes.join(', ')}`),
      ].join('\n'));
    });

  program
    .command('check')
    .description('Contrôle public d’intégrité avant dépouillement : sceau, signature et chaque preuve')
    .argument('<urne>', 'fichier d’urne')
    .option('--platform-key-fingerprint <empreinte>', 'empreinte attendue de la clé de plateforme (relevée au scellement)')
    .option('--workers <n>', 'processus de calcul', '2')
    .option('--json', 'sortie JSON')
    .action(async (urn: string, opts: { platformKeyFingerprint?: string; workers: string; json?: boolean }) => {
      const c = await checkedUrn(urn, workersOption(opts.workers), URN_CHECK_GROUP);
      const out = { json: Boolean(opts.json) };
      if (opts.platformKeyFingerprint !== undefined) c.check.problems.push(...platformKeyProblems(c, opts.platformKeyFingerprint));
      if (c.check.problems.length > 0) throw new CliError('urne rejetée par le contrôle d’intégrité.', c.check.problems);
      report(processIo, out.json, checkJson(c), () => checkLines(c).join('\n'));
    });

  program
    .command('partial-decrypt')
    .description('Détenteur : déchiffrement partiel de l’urne contrôlée, avec preuve')
    .requiredOption('--urn <fichier>', 'fichier d’urne')
    .requiredOption('--share <fichier>', 'part de clé chiffrée du détenteur')
    .requiredOption('--passphrase-file <fichier>', 'fichier contenant la phrase secrète')
    .requiredOption('--out <fichier>', 'fichier du déchiffrement partiel')
    .option('--workers <n>', 'processus de calcul', '2')
    .option('--json', 'sortie JSON')
    .action(async (opts: { urn: string; share: string; passphraseFile: string; out: string; workers: string; json?: boolean }) => {
      const out = { json: Boolean(opts.json) };
      const c = await checkedUrn(opts.urn, workersOption(opts.workers), URN_CHECK_GROUP);
      if (!c.check.valid) throw new CliError('l’urne ne passe pas le contrôle d’intégrité : aucun déchiffrement.', c.check.problems);
      const key = c.verified.header.electionKey;
      const loaded = loadShare(opts.share, readPassphrase(opts.passphraseFile), key);
      const ctx = { electionCode: key.electionCode, manifestFingerprint: c.verified.header.manifestFingerprint, merkleRoot: c.check.merkleRoot };
      // A share that does not match the holder's published verification key is refused before any use.
      const partial = partialDecryptWithShare(ctx, loaded.holder, loaded.share, c.verified.verificationKeys, c.check.aggregates);
      if (!partial.ok) throw new CliError(partial.error === 'UNREADABLE' ? 'Part de clé illisible.' : 'Cette part ne correspond pas à la clé de vérification publiée du détenteur.');
      writeJsonFile(opts.out, partial.value);
      report(processIo, out.json, { ok: true, holder: loaded.holder, out: opts.out, merkleRoot: c.check.merkleRoot }, () => `Déchiffrement partiel du détenteur ${loaded.holder} écrit dans ${opts.out}.`);
    });

  program
    .command('combine')
    .description('Combine deux déchiffrements partiels vérifiés en résultats par urne')
    .requiredOption('--urn <fichier>', 'fichier d’urne')
    .requiredOption('--partials <fichiers...>', 'les deux déchiffrements partiels')
    .requiredOption('--out <fichier>', 'fichier du dépouillement électronique')
    .option('--workers <n>', 'processus de calcul', '2')
    .option('--json', 'sortie JSON')
    .action(async (opts: { urn: string; partials: string[]; out: string; workers: string; json?: boolean }) => {
      const out = { json: Boolean(opts.json) };
      if (opts.partials.length !== 2) throw new CliError('Il faut exactement deux déchiffrements partiels.');
      const c = await checkedUrn(opts.urn, workersOption(opts.workers), URN_CHECK_GROUP);
      const partials = opts.partials.map((p) => readJsonFile(p, PartialDecryptionSchema, 'Déchiffrement partiel'));
      const tally = buildElectronicTally(c.verified, c.check, partials);
      if (!tally.ok) throw new CliError(tally.error, c.check.problems);
      writeJsonFile(opts.out, tally.value);
      report(processIo, out.json, { ok: true, out: opts.out, urns: tally.value.urns }, () => [
        `Dépouillement électronique (détenteurs ${tally.value.holders.join(' et ')}) écrit dans ${opts.out} :`,
        ...tally.value.urns.map((u) => {
          const def = c.verified.header.manifest.urns.find((d) => d.id === u.urnId)!;
          return [`  ${def.label} (${u.urnId}) : ${u.ballots} bulletins, ${u.blank} blancs`, ...u.votes.map((v, i) => `    ${def.candidates[i]} : ${v}`)].join('\n');
        }),
      ].join('\n'));
    });
}
