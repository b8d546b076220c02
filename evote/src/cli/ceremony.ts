// `scrutin-urn ceremony …`: the public key ceremony of art. 12, one holder per process, files as the medium.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { z } from 'zod';
import {
  openCeremony, newTransportKey, createContribution, finalizeHolder, buildElectionKey,
  CeremonySchema, RegistrationSchema, ContributionSchema, FinalizationSchema, HOLDERS,
  type Ceremony,
} from '../dkg.js';
import { sealVault, openVault, sealShare, openShare, VaultSchema, MIN_PASSPHRASE_LENGTH, DEFAULT_KDF, type ShareVaultRefusal } from '../vault.js';
import type { UrnToolConfig } from './config.js';
import { toBase64Url } from '../encoding.js';
import { manifestFingerprint } from '../manifest.js';
import { CEREMONY_FILE_NAMES, type CeremonyFiles } from '../ceremony-record.js';
import { ElectionManifestSchema, type ElectionKey } from '../schemas.js';
import { appendJournal, fileHash, readJsonFile, readPassphrase, requireHolder, verifyJournal, writeJsonFile } from './io.js';
import { CliError, processIo, report } from '@scrutin/server-kit/cli.js';

const ceremonyFile = (dir: string) => join(dir, CEREMONY_FILE_NAMES.ceremony);
const journalFile = (dir: string) => join(dir, CEREMONY_FILE_NAMES.journal);
const registrationFile = (dir: string, h: number) => join(dir, CEREMONY_FILE_NAMES.registration(h));
const contributionFile = (dir: string, h: number) => join(dir, CEREMONY_FILE_NAMES.contribution(h));
const finalizationFile = (dir: string, h: number) => join(dir, CEREMONY_FILE_NAMES.finalization(h));
const electionKeyFile = (dir: string) => join(dir, CEREMONY_FILE_NAMES.electionKey);

/**
 * The public files of the ceremony folder, as texts, for `verifyCeremonyRecord`. A missing file reads as
 * empty, so that the verification names it instead of stopping at the first one.
 */
export function readCeremonyFolder(dir: string): CeremonyFiles {
  const text = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return {
    ceremony: text(ceremonyFile(dir)),
    registrations: HOLDERS.map((h) => text(registrationFile(dir, h))),
    contributions: HOLDERS.map((h) => text(contributionFile(dir, h))),
    finalizations: HOLDERS.map((h) => text(finalizationFile(dir, h))),
    electionKey: text(electionKeyFile(dir)),
    journal: text(journalFile(dir)),
  };
}
const defaultPrivateDir = (dir: string, h: number) => join(dir, `private-holder-${h}`);

export const transportLabel = (c: Ceremony, h: number) => `transport/${c.ceremonyId}/${h}`;

function loadCeremony(dir: string): Ceremony {
  return readJsonFile(ceremonyFile(dir), CeremonySchema, 'Fichier de cérémonie');
}

function strongPassphrase(path: string): string {
  const p = readPassphrase(path);
  if (p.length < MIN_PASSPHRASE_LENGTH) throw new CliError(`La phrase secrète doit compter au moins ${MIN_PASSPHRASE_LENGTH} caractères.`);
  return p;
}

/** The scrypt cost of the holders' vaults: SCRUTIN_VAULT_LOG_N as the entry read and validated it (config.ts). */
export const vaultKdf = (config: UrnToolConfig): typeof DEFAULT_KDF => ({ ...DEFAULT_KDF, logN: config.vaultLogN });

/** `scrutin-urn ceremony …`; `kdf` is the vaults' scrypt cost, read once by the entry (main.ts, vaultKdf). */
export function ceremonyCommand(kdf: typeof DEFAULT_KDF = DEFAULT_KDF): Command {
  const c = new Command('ceremony').description('Cérémonie publique de génération des clés (2 détenteurs sur 3)');

  c.command('open')
    .description('Ouvre la cérémonie : crée ceremony.json et le journal dans le dossier partagé')
    .requiredOption('--dir <dossier>', 'dossier partagé de la cérémonie')
    .requiredOption('--election-code <code>', 'code du scrutin')
    .option('--json', 'sortie JSON')
    .action((opts: { dir: string; electionCode: string; json?: boolean }) => {
      if (existsSync(ceremonyFile(opts.dir))) throw new CliError('Une cérémonie existe déjà dans ce dossier.');
      const ceremony = openCeremony(opts.electionCode, new Date());
      writeJsonFile(ceremonyFile(opts.dir), ceremony);
      appendJournal(journalFile(opts.dir), { action: 'open', electionCode: ceremony.electionCode, ceremonyId: ceremony.ceremonyId, file: fileHash(ceremonyFile(opts.dir)) });
      report(processIo, opts.json, { ok: true, ceremony }, () => `Cérémonie ${ceremony.ceremonyId} ouverte pour le scrutin ${ceremony.electionCode}.`);
    });

  c.command('register')
    .description('Détenteur N : crée sa clé de transport (secrète, chiffrée sous sa phrase) et publie sa partie publique')
    .requiredOption('--holder <n>', 'numéro du détenteur (1, 2 ou 3)')
    .requiredOption('--dir <dossier>', 'dossier partagé de la cérémonie')
    .requiredOption('--name <nom>', 'nom du détenteur (président ou membre du bureau)')
    .requiredOption('--passphrase-file <fichier>', 'fichier contenant la phrase secrète du détenteur')
    .option('--private-dir <dossier>', 'dossier personnel du détenteur (défaut : <dir>/private-holder-N)')
    .option('--json', 'sortie JSON')
    .action((opts: { holder: string; dir: string; name: string; passphraseFile: string; privateDir?: string; json?: boolean }) => {
      const holder = requireHolder(opts.holder);
      const ceremony = loadCeremony(opts.dir);
      if (existsSync(registrationFile(opts.dir, holder))) throw new CliError(`Le détenteur ${holder} est déjà enregistré.`);
      const passphrase = strongPassphrase(opts.passphraseFile);
      const transport = newTransportKey();
      const privateDir = opts.privateDir ?? defaultPrivateDir(opts.dir, holder);
      writeJsonFile(join(privateDir, 'transport.vault.json'), sealVault(transport.secretKey, passphrase, transportLabel(ceremony, holder), kdf));
      transport.secretKey.fill(0);
      const registration = { format: 'scrutin-ceremony-registration/1' as const, ceremonyId: ceremony.ceremonyId, holder, name: opts.name, transportPublicKey: toBase64Url(transport.publicKey) };
      writeJsonFile(registrationFile(opts.dir, holder), registration);
      appendJournal(journalFile(opts.dir), { action: 'register', holder, name: opts.name, file: fileHash(registrationFile(opts.dir, holder)) });
      report(processIo, opts.json, { ok: true, registration }, () => `Détenteur ${holder} (${opts.name}) enregistré.`);
    });

  c.command('contribute')
    .description('Détenteur N : tire son polynôme, publie ses engagements et adresse une part chiffrée à chaque détenteur')
    .requiredOption('--holder <n>', 'numéro du détenteur (1, 2 ou 3)')
    .requiredOption('--dir <dossier>', 'dossier partagé de la cérémonie')
    .option('--json', 'sortie JSON')
    .action((opts: { holder: string; dir: string; json?: boolean }) => {
      const holder = requireHolder(opts.holder);
      const ceremony = loadCeremony(opts.dir);
      if (existsSync(contributionFile(opts.dir, holder))) throw new CliError(`Le détenteur ${holder} a déjà contribué.`);
      const registrations = HOLDERS.map((h) => {
        if (!existsSync(registrationFile(opts.dir, h))) throw new CliError(`Le détenteur ${h} ne s’est pas encore enregistré.`);
        return readJsonFile(registrationFile(opts.dir, h), RegistrationSchema, `Enregistrement du détenteur ${h}`);
      });
      const contribution = createContribution(ceremony, holder, registrations);
      if (!contribution.ok) throw new CliError(contribution.error);
      writeJsonFile(contributionFile(opts.dir, holder), contribution.value);
      appendJournal(journalFile(opts.dir), { action: 'contribute', holder, commitments: contribution.value.commitments, file: fileHash(contributionFile(opts.dir, holder)) });
      report(processIo, opts.json, { ok: true, holder, commitments: contribution.value.commitments }, () => [
        `Contribution du détenteur ${holder} publiée. Engagements :`,
        ...contribution.value.commitments.map((x, i) => `  C${holder}${i} = ${x}`),
      ].join('\n'));
    });

  c.command('finalize')
    .description('Détenteur N : ouvre les parts qui lui sont adressées, les vérifie contre les engagements, scelle sa part')
    .requiredOption('--holder <n>', 'numéro du détenteur (1, 2 ou 3)')
    .requiredOption('--dir <dossier>', 'dossier partagé de la cérémonie')
    .requiredOption('--passphrase-file <fichier>', 'fichier contenant la phrase secrète du détenteur')
    .option('--private-dir <dossier>', 'dossier personnel du détenteur (défaut : <dir>/private-holder-N)')
    .option('--out <fichier>', 'fichier de la part chiffrée (défaut : <private-dir>/share.vault.json)')
    .option('--json', 'sortie JSON')
    .action((opts: { holder: string; dir: string; passphraseFile: string; privateDir?: string; out?: string; json?: boolean }) => {
      const holder = requireHolder(opts.holder);
      const ceremony = loadCeremony(opts.dir);
      const privateDir = opts.privateDir ?? defaultPrivateDir(opts.dir, holder);
      const passphrase = readPassphrase(opts.passphraseFile);
      const vault = readJsonFile(join(privateDir, 'transport.vault.json'), VaultSchema, 'Clé de transport');
      const transport = openVault(vault, passphrase, transportLabel(ceremony, holder));
      if (!transport.ok) throw new CliError(transport.error);
      const contributions = HOLDERS.map((h) => {
        if (!existsSync(contributionFile(opts.dir, h))) throw new CliError(`Le détenteur ${h} n’a pas encore contribué.`);
        return readJsonFile(contributionFile(opts.dir, h), ContributionSchema, `Contribution du détenteur ${h}`);
      });
      const result = finalizeHolder(ceremony, holder, transport.value, contributions);
      transport.value.fill(0);
      if (!result.ok) {
        appendJournal(journalFile(opts.dir), { action: 'complaint', holder, reason: result.error });
        throw new CliError(result.error);
      }
      const out = opts.out ?? join(privateDir, 'share.vault.json');
      writeJsonFile(out, sealShare(ceremony.ceremonyId, holder, result.value.share, passphrase, kdf));
      writeJsonFile(finalizationFile(opts.dir, holder), result.value.finalization);
      appendJournal(journalFile(opts.dir), { action: 'finalize', holder, verificationKey: result.value.finalization.verificationKey, file: fileHash(finalizationFile(opts.dir, holder)) });
      report(processIo, opts.json, { ok: true, holder, share: out, verificationKey: result.value.finalization.verificationKey }, () => [
        `Détenteur ${holder} : les trois parts reçues sont conformes aux engagements.`,
        `Part chiffrée sous votre phrase secrète : ${out}`,
      ].join('\n'));
    });

  c.command('publish')
    .description('Publie la clé d’élection, les engagements, l’empreinte et le procès-verbal imprimable de la cérémonie')
    .requiredOption('--dir <dossier>', 'dossier partagé de la cérémonie')
    .option('--manifest <fichier>', 'description du scrutin (urnes, sièges, candidats) pour calculer l’empreinte')
    .option('--json', 'sortie JSON')
    .action((opts: { dir: string; manifest?: string; json?: boolean }) => {
      const ceremony = loadCeremony(opts.dir);
      const load = <T>(file: (d: string, h: number) => string, schema: z.ZodType<T>, what: string) =>
        HOLDERS.map((h) => {
          if (!existsSync(file(opts.dir, h))) throw new CliError(`${what} du détenteur ${h} absente.`);
          return readJsonFile(file(opts.dir, h), schema, `${what} du détenteur ${h}`);
        });
      const registrations = load(registrationFile, RegistrationSchema, 'Inscription');
      const contributions = load(contributionFile, ContributionSchema, 'Contribution');
      const finalizations = load(finalizationFile, FinalizationSchema, 'Confirmation');
      const key = buildElectionKey(ceremony, contributions, finalizations);
      if (!key.ok) throw new CliError(key.error);
      writeJsonFile(electionKeyFile(opts.dir), key.value);
      const manifest = opts.manifest ? readJsonFile(opts.manifest, ElectionManifestSchema, 'Description du scrutin') : null;
      if (manifest && manifest.electionCode !== ceremony.electionCode) throw new CliError('La description du scrutin porte un autre code que la cérémonie.');
      const fingerprint = manifest ? manifestFingerprint(manifest, key.value) : null;
      const journalHash = appendJournal(journalFile(opts.dir), { action: 'publish', publicKey: key.value.publicKey, keyFingerprint: key.value.keyFingerprint, manifestFingerprint: fingerprint, file: fileHash(electionKeyFile(opts.dir)) });
      const journal = verifyJournal(journalFile(opts.dir));
      if (!journal.ok) throw new CliError(`Journal de cérémonie altéré : ${journal.error}`);
      const record = { ceremony, holders: registrations.map((r) => ({ holder: r.holder, name: r.name })), electionKey: key.value, manifestFingerprint: fingerprint, journal: journal.value, journalHead: journalHash };
      writeJsonFile(join(opts.dir, 'ceremony-record.json'), record);
      const text = printableRecord(ceremony, registrations.map((r) => ({ holder: r.holder, name: r.name })), key.value, fingerprint, journal.value, journalHash);
      writeFileSync(join(opts.dir, 'ceremony-record.txt'), text);
      report(processIo, opts.json, { ok: true, electionKey: key.value, manifestFingerprint: fingerprint, journalHead: journalHash, files: readdirSync(opts.dir) }, () => text);
    });
  return c;
}

function printableRecord(ceremony: Ceremony, holders: { holder: number; name: string }[], key: ElectionKey, fingerprint: string | null, journal: Record<string, unknown>[], head: string): string {
  const group = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();
  return [
    'PROCÈS-VERBAL DE LA CÉRÉMONIE DES CLÉS DE SCELLEMENT',
    `Scrutin : ${ceremony.electionCode}    Cérémonie : ${ceremony.ceremonyId}`,
    `Ouverte le : ${ceremony.openedAt}    Seuil : 2 détenteurs sur 3`,
    '',
    'Détenteurs :',
    ...holders.map((h) => `  ${h.holder}. ${h.name}    clé de vérification ${key.verificationKeys[h.holder - 1]}`),
    '',
    `Clé publique de l’urne : ${key.publicKey}`,
    `Empreinte de la clé :    ${group(key.keyFingerprint)}`,
    ...(fingerprint ? [`Empreinte du scrutin :   ${group(fingerprint)}`] : []),
    '',
    'Engagements publics (Feldman) :',
    ...key.commitments.map((pair, i) => `  Détenteur ${i + 1} : ${pair.join('  ')}`),
    '',
    'Journal :',
    ...journal.map((e) => `  ${String(e.seq).padStart(2)}  ${String(e.at)}  ${String(e.action).padEnd(10)} ${e.holder ? `détenteur ${String(e.holder)}` : ''}  ${String(e.hash).slice(0, 16)}…`),
    `Tête du journal : ${group(head)}`,
    '',
    'Aucune part n’a été vue par une autre personne que son détenteur ; la clé secrète n’a jamais été reconstituée.',
    '',
    'Signatures :   Président ____________________   Membre ____________________   Membre ____________________',
    '',
  ].join('\n');
}

/** The CLI's words for a share vault it cannot open (`openShare`). */
const SHARE_REFUSALS: Record<ShareVaultRefusal, string> = {
  NOT_A_SHARE: 'Ce fichier n’est pas une part de clé.',
  OTHER_CEREMONY: 'Cette part vient d’une autre cérémonie que la clé de cette urne.',
  WRONG_PASSPHRASE: 'Phrase secrète incorrecte ou fichier altéré.',
  INCONSISTENT: 'Part de clé incohérente.',
};

/** Opens the share vault at `path` for the ceremony of `electionKey`: its holder and its share (base64url); a refusal is a CliError in French. */
export function loadShare(path: string, passphrase: string, electionKey: ElectionKey): { holder: number; share: string } {
  const opened = openShare(readJsonFile(path, VaultSchema, 'Part de clé'), passphrase, electionKey.ceremonyId);
  if (!opened.ok) throw new CliError(SHARE_REFUSALS[opened.error]);
  return opened.value;
}

