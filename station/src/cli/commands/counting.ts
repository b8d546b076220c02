import type { StationConfig } from '../../config.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { UrnProgress } from '../../counting/unseal.js';
import { storageWarnings } from '../storage-warnings.js';
import type { UnsealingStatus } from '@scrutin/contract/counting-types.js';
import type { PinnedCertificate, SignerCheck } from '../../reports/index.js';
import { CliError, readInput, report, resolvePath, valueOrRefusal, writeOutput, type CliEnv } from '@scrutin/server-kit/cli.js';
import { err } from '@scrutin/basics/result.js';
import { authenticate, requireRole } from '../authenticate.js';
import { cliInstant, electionTimeZone } from '../election-time.js';
import { parseUntrustedJson } from '@scrutin/basics/json-limits.js';

// Each command imports the modules it calls when it runs: `scrutin --help` loads none, and a command loads
// only its own (pdf-lib, node-forge, express… only where used; bench/RESULTS.md, « CLI start-up »).

type Common = { json?: boolean; as?: string; passwordFile?: string };
type WithPassphrase = Common & { passphraseFile?: string };

const withAuth = (c: Command) =>
  c.option('--as <identifiant>', 'compte qui agit (mot de passe : SCRUTIN_PASSWORD ou --password-file)').option('--password-file <fichier>', 'fichier contenant le mot de passe').option('--json', 'sortie JSON');
const withPassphrase = (c: Command) => c.option('--passphrase-file <fichier>', 'phrase de passe du certificat de la commission (sinon SCRUTIN_CERT_PASSPHRASE)');

function passphrase(env: CliEnv, config: StationConfig, o: { passphraseFile?: string }): string {
  const p = o.passphraseFile ? readInput(env, o.passphraseFile).toString('utf8').trim() : config.certPassphrase;
  if (!p) throw new CliError('Phrase de passe du certificat absente : --passphrase-file ou SCRUTIN_CERT_PASSPHRASE.');
  return p;
}

/**
 * The fingerprint an offline verifier trusts: --fingerprint when given, else the commission certificate recorded
 * in the seal of the station database of this folder (never opened when absent, so no empty station is made).
 */
async function resolvePin(env: CliEnv, fingerprint: string | undefined): Promise<PinnedCertificate | null> {
  const { getSeal } = await import('../../scanning/seal.js');
  const { normaliseFingerprint } = await import('../../reports/index.js');
  if (fingerprint !== undefined) {
    const normalised = normaliseFingerprint(fingerprint);
    if (!normalised) throw new CliError('--fingerprint : empreinte SHA-256 du certificat attendue (64 caractères hexadécimaux).');
    return { fingerprint: normalised, source: 'OPTION' };
  }
  if (env.hasDatabase && !env.hasDatabase()) return null;
  const pinned = (await getSeal(await env.db()))?.commissionCertificateFingerprint ?? null;
  return pinned ? { fingerprint: pinned, source: 'STATION_DATABASE' } : null;
}

/** Refuses (exit 2) unless the signer is the pinned certificate; the lines say which key signed and against what. */
async function requirePinned(what: string, check: SignerCheck): Promise<void> {
  if (check.outcome === 'PINNED') return;
  const { signerLines } = await import('../../reports/index.js');
  const hint = check.outcome === 'NO_PIN' ? ['Donnez l’empreinte du certificat de la commission (--fingerprint) ou lancez la commande dans le dossier du poste.'] : [];
  throw new CliError(`${what} : ${check.outcome === 'OTHER' ? 'REFUSÉ' : 'NON CONFIRMÉ'} — ${check.verdict}.`, [...signerLines(check), ...hint], 2);
}

function readJson(env: CliEnv, file: string): unknown {
  try {
    return parseUntrustedJson(readInput(env, file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${file} : JSON invalide.`);
  }
}

export function registerCountingCommands(program: Command, env: CliEnv, config: StationConfig): void {
  const count = program.command('count').description('dépouillement manuel des urnes (double saisie)');
  withAuth(
    count
      .command('enter')
      .description('saisit la feuille de dépouillement d’une urne (JSON : envelopesFound, ballotsValid, ballotsBlank, ballotsNull, votes {idCandidat: voix})')
      .requiredOption('--urn <id>', 'urne')
      .requiredOption('--sheet <fichier>', 'feuille JSON')
      .option('--reason <motif>', 'motif d’une correction de sa propre saisie'),
  ).action(async (o: Common & { urn: string; sheet: string; reason?: string }) => {
    const { enterCountSheet, enterSheetSchema } = await import('../../counting/count-sheets.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['teller']);
    const input = enterSheetSchema.safeParse({ urnId: o.urn, sheet: readJson(env, o.sheet), ...(o.reason ? { reason: o.reason } : {}) });
    if (!input.success) throw new CliError('Feuille invalide.', input.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`));
    const s = valueOrRefusal(await enterCountSheet(db, actor, input.data));
    report(env, o.json, s, () =>
      [
        `Urne ${s.urnId} : saisie enregistrée (${s.entries.length}/2).`,
        ...s.mismatches.map((m) => `  ÉCART : ${m.message}`),
        ...s.problems.flatMap((p) => p.problems.map((x) => `  CONTRÔLE (saisie ${p.entryNumber}) : ${x.message}`)),
        s.state === 'READY' ? 'Les deux saisies concordent : le président peut valider.' : `État : ${s.state}`,
      ].join('\n'),
    );
  });
  withAuth(count.command('validate').description('le président valide le dépouillement d’une urne').requiredOption('--urn <id>', 'urne').option('--note <texte>', 'explication écrite d’un écart plis acceptés / enveloppes trouvées')).action(
    async (o: Common & { urn: string; note?: string }) => {
      const { validateUrnCount } = await import('../../counting/count-sheets.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['president']);
      const r = valueOrRefusal(await validateUrnCount(db, actor, { urnId: o.urn, ...(o.note ? { note: o.note } : {}) }));
      report(env, o.json, r, () => `Urne ${o.urn} validée${r.validation?.difference ? ` (écart ${r.validation.difference} consigné)` : ''}.`);
    },
  );
  count
    .command('status')
    .description('état de la double saisie par urne')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { countStatus } = await import('../../counting/count-sheets.js');
      const urns = await countStatus(await env.db());
      report(env, o.json, { urns }, () =>
        urns
          .map((u) => `${u.urnId.padEnd(10)} ${u.state.padEnd(17)} saisies ${u.entries.length}/2  plis acceptés ${u.envelopesAccepted}${u.mismatches.length ? `  ${u.mismatches.length} écart(s)` : ''}  candidats ${u.candidates.map((c) => `${c.id}=${c.lastName}`).join(', ')}`)
          .join('\n'),
      );
    });

  count
    .command('example')
    .description('écrit une feuille de dépouillement de démonstration par urne (DOSSIER/URNE.json), cohérente avec les plis acceptés : répétitions seulement')
    .requiredOption('--dir <dossier>', 'dossier où écrire les feuilles (créé au besoin)')
    .action(async (o: { dir: string }) => {
      const { countStatus } = await import('../../counting/count-sheets.js');
      const { demoSheet } = await import('../../counting/demo-sheet.js');
      const urns = await countStatus(await env.db());
      const dir = resolvePath(env, o.dir);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const urn of urns) writeFileSync(join(dir, `${urn.urnId}.json`), JSON.stringify(demoSheet(urn), null, 2) + '\n', { mode: 0o600 });
      env.out(`${urns.length} feuilles de démonstration écrites dans ${o.dir} (une par urne).\n`);
    });

  const tally = program.command('tally').description('dépouillement électronique');
  withAuth(tally.command('import').description('charge le dépouillement électronique signé (signature dans FICHIER.sig)').argument('<fichier>').option('--signature <fichier>', 'fichier de signature')).action(
    async (file: string, o: Common & { signature?: string }) => {
      const { importSignedTally } = await import('../../counting/electronic-tally.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['president']);
      const r = valueOrRefusal(await importSignedTally(db, actor, readInput(env, file), readInput(env, o.signature ?? `${file}.sig`).toString('utf8')));
      report(env, o.json, r, () => `Dépouillement électronique chargé : ${r.ballots} bulletins dans ${r.urns} urnes (SHA-256 ${r.fileSha256}).`);
    },
  );
  tally
    .command('make')
    .description('produit un dépouillement électronique signé cohérent avec l’émargement électronique (essais, démonstrations)')
    .requiredOption('--key <fichier>', 'clé de plateforme (scrutin platform-key)')
    .requiredOption('--out <fichier>', 'fichier à écrire (signature dans <fichier>.sig)')
    .option('--seed <n>', 'graine', (v) => Number(v), 1)
    .option('--shift <n>', 'ajoute n bulletins à la première urne (pour essayer un refus)', (v) => Number(v), 0)
    .action(async (o: { key: string; out: string; seed: number; shift: number }) => {
      const { loadUrnBases } = await import('../../results/results.js');
      const { getElection } = await import('../../election/election.js');
      const { makeSignedTally, plausibleTally } = await import('../../counting/electronic-tally.js');
      const db = await env.db();
      const election = await getElection(db);
      if (!election) throw new CliError("Aucune élection n'est configurée.");
      const key = readJson(env, o.key) as { secretKey?: string };
      if (!key.secretKey) throw new CliError(`${o.key} ne contient pas de clé secrète.`);
      const urns = plausibleTally(await loadUrnBases(db), o.seed);
      if (o.shift && urns[0]) urns[0] = { ...urns[0], ballots: urns[0].ballots + o.shift, blank: urns[0].blank + o.shift };
      const signed = makeSignedTally({ electionCode: election.code, unsealedAt: new Date().toISOString(), urns }, key.secretKey);
      writeOutput(env, o.out, signed.file);
      writeOutput(env, `${o.out}.sig`, signed.signature);
      env.out(`Dépouillement électronique de ${urns.reduce((n, u) => n + u.ballots, 0)} bulletins écrit dans ${o.out} (signature : ${o.out}.sig).\n`);
    });

  program
    .command('results')
    .description('résultats par urne : correspondance, électronique, total, sièges et élus')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { resultsText } = await import('../../results/text.js');
      const { loadResults } = await import('../../results/results.js');
      const r = await loadResults(await env.db());
      report(env, o.json, r, () => resultsText(r));
    });

  const certificate = program.command('certificate').description('certificat de signature de la commission');
  withPassphrase(withAuth(certificate.command('create').description('crée le certificat de la commission (RSA 2048, autosigné), chiffré par sa phrase de passe').option('--name <nom>', 'nom du signataire'))).action(
    async (o: WithPassphrase & { name?: string }) => {
      const { createCertificate } = await import('../../counting/certificate.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['president', 'admin']);
      const r = valueOrRefusal(await createCertificate(db, actor, { passphrase: passphrase(env, config, o), ...(o.name ? { commonName: o.name } : {}) }));
      report(env, o.json, r, () => `Certificat créé : ${r.subject}\nEmpreinte SHA-256 : ${r.fingerprint}`);
    },
  );
  withPassphrase(withAuth(certificate.command('import').description('importe un certificat PKCS#12 (.p12)').argument('<fichier>'))).action(async (file: string, o: WithPassphrase) => {
    const { importCertificate } = await import('../../counting/certificate.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['president', 'admin']);
    const r = valueOrRefusal(await importCertificate(db, actor, readInput(env, file), passphrase(env, config, o)));
    report(env, o.json, r, () => `Certificat importé : ${r.subject}\nEmpreinte SHA-256 : ${r.fingerprint}`);
  });

  withPassphrase(withAuth(program.command('report').description('édite le procès-verbal signé (PDF)').requiredOption('--out <fichier>', 'PDF à écrire'))).action(async (o: WithPassphrase & { out: string }) => {
    const { generateReport } = await import('../../counting/documents.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['president']);
    const r = valueOrRefusal(await generateReport(db, actor, passphrase(env, config, o)));
    writeOutput(env, o.out, r.bytes);
    report(env, o.json, { out: o.out, sha256: r.sha256, resultsDigest: r.resultsDigest, pages: r.pages }, () => `Procès-verbal signé écrit dans ${o.out} (${r.pages} pages, SHA-256 ${r.sha256}).`);
  });
  withPassphrase(withAuth(program.command('export-results').description('export JSON signé des résultats pour la préfecture').requiredOption('--out <fichier>', 'JSON à écrire'))).action(
    async (o: WithPassphrase & { out: string }) => {
      const { exportResults } = await import('../../counting/documents.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['president']);
      const r = valueOrRefusal(await exportResults(db, actor, passphrase(env, config, o)));
      writeOutput(env, o.out, r.bytes);
      report(env, o.json, { out: o.out, sha256: r.sha256, resultsDigest: r.resultsDigest }, () => `Export signé écrit dans ${o.out} (empreinte des résultats ${r.resultsDigest}).`);
    },
  );

  program
    .command('verify')
    .description('vérifie un procès-verbal PDF ou un export JSON signé')
    .argument('<fichier>')
    .option('--fingerprint <empreinte>', 'empreinte SHA-256 du certificat de la commission attendu (sinon : celle du scellement du poste)')
    .option('--json', 'sortie JSON')
    .action(async (file: string, o: { fingerprint?: string; json?: boolean }) => {
      const { compareSigner, signerLines, verifyReportPdf, verifyResultsJson } = await import('../../reports/index.js');
      const bytes = new Uint8Array(readInput(env, file));
      const pin = await resolvePin(env, o.fingerprint);
      const isPdf = Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
      const r = isPdf ? await verifyReportPdf(bytes) : verifyResultsJson(bytes);
      if (!r.ok) throw new CliError(`${basename(file)} : REFUSÉ.`, r.error.map((e) => e.message), 2);
      const v = r.value;
      const check = compareSigner(v.certificateFingerprint, pin);
      await requirePinned(basename(file), check);
      report(
        env,
        o.json,
        { valid: true, kind: isPdf ? 'PV' : 'EXPORT', signer: v.signer, certificateFingerprint: v.certificateFingerprint, pinnedFingerprint: check.pinnedFingerprint, pinSource: check.pinSource, verdict: check.verdict, digest: v.digest, electionCode: v.results.election.code },
        () => [`${basename(file)} : VALIDE (${isPdf ? 'procès-verbal' : 'export des résultats'} ${v.results.election.code}).`, `Signataire : ${v.signer}`, ...signerLines(check), `Empreinte des résultats : ${v.digest}`].join('\n'),
      );
    });
  program
    .command('consolidate')
    .description('préfecture : vérifie et consolide les exports de plusieurs chambres')
    .argument('<fichiers...>')
    .option('--trusted <fichier>', 'certificats de commission de confiance : certificats PEM ou empreintes SHA-256, un par ligne')
    .option('--fingerprint <empreinte>', 'empreinte SHA-256 d’un certificat de commission de confiance (répétable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'sortie JSON')
    .action(async (files: string[], o: { trusted?: string; fingerprint: string[]; json?: boolean }) => {
      const { consolidateExports, normaliseFingerprint, parseTrustList } = await import('../../reports/index.js');
      const trusted = new Set<string>();
      if (o.trusted) {
        const list = parseTrustList(readInput(env, o.trusted).toString('utf8'));
        if (!list.ok) throw new CliError(`${o.trusted} : ${list.error}`);
        list.value.forEach((f) => trusted.add(f));
      }
      for (const given of o.fingerprint) {
        const f = normaliseFingerprint(given);
        if (!f) throw new CliError(`--fingerprint ${given} : empreinte SHA-256 (64 caractères hexadécimaux) attendue.`);
        trusted.add(f);
      }
      if (trusted.size === 0) throw new CliError('Consolidation refusée : donnez les certificats des commissions (--trusted FICHIER ou --fingerprint EMPREINTE) ; seuls les exports qu’ils signent sont acceptés.');
      const r = consolidateExports(files.map((f) => ({ name: basename(f), bytes: new Uint8Array(readInput(env, f)) })), { trustedFingerprints: [...trusted] });
      if (!r.ok) throw new CliError('Consolidation refusée.', r.error.flatMap((f) => f.errors.map((e) => `${f.file} : ${e.message}`)), 2);
      const v = r.value;
      report(env, o.json, v, () =>
        [
          `${v.chambers.length} chambre(s) vérifiée(s) : ${v.chambers.map((c) => `${c.chamber} (${c.electionCode}, certificat ${c.certificateFingerprint})`).join(', ')}`,
          `Inscrits ${v.participation.registeredRights}, correspondance ${v.participation.postalAccepted}, internet ${v.participation.electronicVoters}`,
          ...v.categories.map((c) => `  ${c.kind} ${c.category}${c.subcategory ? ` / ${c.subcategory}` : ''} : ${c.seats} sièges, ${c.combined.ballots} bulletins, élus : ${c.elected.map((e) => e.name).join(', ')}`),
        ].join('\n'),
      );
    });

  withPassphrase(withAuth(program.command('freeze').description('fige le scrutin (article 11) et écrit le scellé dans un dossier vide').requiredOption('--out <dossier>', 'dossier du scellé'))).action(
    async (o: WithPassphrase & { out: string }) => {
      const { freezeElection } = await import('../../counting/freeze.js');
      const db = await env.db();
      const who = await authenticate(env, config, db, o);
      const r = valueOrRefusal(await freezeElection(db, who.actor, who.roles, { passphrase: passphrase(env, config, o), directory: resolvePath(env, o.out) }));
      report(env, o.json, { directory: r.directory, manifestSha256: r.manifestSha256, files: r.files }, () =>
        `Scrutin figé. Scellé écrit dans ${o.out} (${r.files} fichiers, manifeste SHA-256 ${r.manifestSha256}).\nÀ graver sur un support non réinscriptible ; vérification : scrutin verify-bundle ${o.out}`,
      );
    },
  );
  program
    .command('verify-bundle')
    .description('vérifie un scellé (manifeste, empreintes, signature)')
    .argument('<dossier>')
    .option('--fingerprint <empreinte>', 'empreinte SHA-256 du certificat de la commission attendu (sinon : celle du scellement du poste)')
    .option('--json', 'sortie JSON')
    .action(async (dir: string, o: { fingerprint?: string; json?: boolean }) => {
      const { compareSigner, signerLines, verifyBundle } = await import('../../reports/index.js');
      const pin = await resolvePin(env, o.fingerprint);
      const r = await verifyBundle(resolvePath(env, dir));
      if (!r.ok) throw new CliError(`Scellé ${dir} : REFUSÉ.`, r.error.map((e) => e.message), 2);
      const check = compareSigner(r.value.certificateFingerprint, pin);
      await requirePinned(`Scellé ${dir}`, check);
      report(env, o.json, { valid: true, ...r.value, pinnedFingerprint: check.pinnedFingerprint, pinSource: check.pinSource, verdict: check.verdict }, () =>
        [`Scellé ${dir} : VALIDE — ${r.value.files} fichiers, scrutin ${r.value.electionCode}, constitué le ${cliInstant(r.value.createdAt, r.value.timeZone)}, signé par ${r.value.signer} (procès-verbal et export signés par le même certificat).`, ...signerLines(check)].join('\n'),
      );
    });
  withAuth(program.command('purge').description('purge les données personnelles après le délai de recours (article 5)')).action(async (o: Common) => {
    const { purgePersonalData } = await import('../../counting/purge.js');
    const db = await env.db();
    const who = await authenticate(env, config, db, o);
    const r = valueOrRefusal(await purgePersonalData(db, who.actor, who.roles));
    report(env, o.json, { state: r.state, storage: r.storage }, () => ['Données personnelles purgées ; résultats agrégés et empreintes du scellé conservés.', ...storageWarnings(r.storage, r.timeZone)].join('\n'));
  });
  registerUnsealCommands(program, env, config);
}

const UNSEAL_STATES: Record<UnsealingStatus['state'], string> = {
  NO_URN: 'aucune urne chargée',
  AWAITING_HOLDERS: 'en attente des détenteurs',
  READY_TO_COMBINE: 'deux parts apportées, combinaison à faire',
  COMBINED: 'descellement terminé, dépouillement électronique chargé',
  TALLY_FROM_FILE: 'dépouillement électronique chargé depuis un fichier signé',
};

/** The state of the unsealing for a person; `zone`: the election's (IANA), for the holders' times. */
function unsealLines(s: UnsealingStatus, zone: string): string {
  const i = s.integrity;
  return [
    `Descellement : ${UNSEAL_STATES[s.state]} — ${new Set(s.contributions.map((c) => c.holder)).size} détenteur(s) sur ${s.threshold}.`,
    ...(i ? [`Urne : ${i.ballotCount} bulletins, racine de Merkle ${i.merkleRoot}, SHA-256 ${i.fileSha256}`] : []),
    ...s.contributions.map((c) => `  détenteur ${c.holder} : ${c.login}, le ${cliInstant(c.at, zone)}${c.source === 'PARTIAL' ? ' (déchiffrement partiel apporté)' : ''}`),
    ...(s.tally
      ? [
          `Dépouillement électronique (détenteurs ${s.tally.holders.join(' et ')}) :`,
          ...s.tally.urns.flatMap((u) => [`  ${u.label} (${u.urnId}) : ${u.ballots} bulletins, ${u.blank} blancs`, ...u.candidates.map((c) => `    ${c.name.padEnd(32)} ${String(c.votes).padStart(6)}`)]),
        ]
      : []),
    ...(s.combinationError ? [`Combinaison refusée : ${s.combinationError.message}`] : []),
  ].join('\n');
}

/**
 * Progress of a long urn check on the error stream (so `--json` output stays clean), at most one line
 * every two seconds: a 100,000-ballot urn takes minutes, and silence would look like a hang.
 */
function urnProgress(env: CliEnv): UrnProgress {
  let last = 0;
  return (checked) => {
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    env.err(`Vérification des bulletins : ${checked.toLocaleString('fr-FR')} contrôlés…\n`);
  };
}

/** `scrutin unseal check|contribute|status|combine` and `scrutin tally import-urn` (docs/unsealing.md). */
function registerUnsealCommands(program: Command, env: CliEnv, config: StationConfig): void {
  const unseal = program.command('unseal').description('descellement de l’urne électronique par deux des trois détenteurs de clé (article 12)');
  unseal
    .command('check')
    .description('contrôle public d’intégrité du fichier d’urne : sceau, preuves, clé de la plateforme, candidats, émargement électronique')
    .argument('<urne>', 'fichier d’urne (JSON Lines)')
    .option('--json', 'sortie JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const { checkUrnForStation } = await import('../../counting/unseal.js');
      const db = await env.db();
      const r = valueOrRefusal(await checkUrnForStation(db, resolvePath(env, file), { onProgress: urnProgress(env), workers: config.urnWorkers }));
      const i = r.integrity;
      const zone = await electionTimeZone(db);
      report(env, o.json, i, () =>
        [
          i.valid ? 'URNE INTÈGRE : sceau, signature de la plateforme enregistrée, toutes les preuves, candidats et émargement électronique vérifiés.' : 'URNE REJETÉE.',
          `Scrutin ${i.electionCode} ; ${i.ballotCount} bulletins ; clôture ${i.closedAt ? cliInstant(i.closedAt, zone) : '—'} ; racine de Merkle ${i.merkleRoot}`,
          ...i.urns.map((u) => `  ${u.urnId.padEnd(12)} ${String(u.ballots).padStart(6)} bulletins / ${String(u.electronicVoters).padStart(6)} émargements électroniques`),
        ].join('\n'),
      );
      if (!i.valid) throw new CliError('Urne rejetée par le contrôle d’intégrité : aucun descellement possible.', i.problems, 2);
    });
  withAuth(
    unseal
      .command('contribute')
      .description('un détenteur apporte sa part (ouverte en mémoire seulement) ou son déchiffrement partiel')
      .argument('<urne>', 'fichier d’urne (contrôlé puis chargé s’il ne l’est pas encore)')
      .option('--share <fichier>', 'part de clé chiffrée (share.vault.json)')
      .option('--passphrase-file <fichier>', 'fichier contenant la phrase secrète de la part')
      .option('--partial <fichier>', 'déchiffrement partiel fait sur la machine du détenteur (scrutin-urn partial-decrypt)'),
  ).action(async (file: string, o: Common & { share?: string; passphraseFile?: string; partial?: string }) => {
    const { contributeToUnsealing, openUnsealing, sha256File, unsealingStatus } = await import('../../counting/unseal.js');
    if (!o.partial && !(o.share && o.passphraseFile)) throw new CliError('Indiquez --share et --passphrase-file, ou --partial.');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['key_holder', 'president']);
    const path = resolvePath(env, file);
    const status = await unsealingStatus(db);
    // The urn is checked once, when it is first loaded; afterwards its SHA-256 shows it is the same file.
    if (status.integrity?.fileSha256 !== (await sha256File(path).catch(() => null))) {
      valueOrRefusal(await openUnsealing(db, actor, path, { onProgress: urnProgress(env), workers: config.urnWorkers }));
    }
    const input = o.partial
      ? { partial: readJson(env, o.partial) }
      : { share: readJson(env, o.share!), passphrase: readInput(env, o.passphraseFile!).toString('utf8').replace(/\r?\n$/, '') };
    const r = valueOrRefusal(await contributeToUnsealing(db, actor, input));
    const zone = await electionTimeZone(db);
    report(env, o.json, r, () => unsealLines(r, zone));
    if (r.combinationError) valueOrRefusal(err(r.combinationError));
  });
  unseal
    .command('status')
    .description('état du descellement : urne contrôlée, détenteurs, résultat combiné')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { unsealingStatus } = await import('../../counting/unseal.js');
      const db = await env.db();
      const s = await unsealingStatus(db);
      const zone = await electionTimeZone(db);
      report(env, o.json, s, () => unsealLines(s, zone));
    });
  unseal
    .command('tally')
    .description('écrit le dépouillement électronique issu du descellement (scrutin-electronic-tally/1), à vérifier avec scrutin-verify-urn')
    .requiredOption('--out <fichier>', 'fichier JSON à écrire')
    .action(async (o: { out: string }) => {
      // Public once unsealed (GET /api/unseal/tally, docs/unsealing.md): any terminal of the station may write it.
      const { unsealedTallyFile } = await import('../../counting/unseal.js');
      const r = valueOrRefusal(await unsealedTallyFile(await env.db()));
      writeOutput(env, o.out, JSON.stringify(r, null, 2) + '\n');
      env.out(`Dépouillement électronique écrit dans ${o.out}.\n`);
    });
  withAuth(unseal.command('combine').description('le président relance la combinaison des deux parts apportées')).action(async (o: Common) => {
    const { combineUnsealing } = await import('../../counting/unseal.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['president']);
    const r = valueOrRefusal(await combineUnsealing(db, actor));
    const zone = await electionTimeZone(db);
    report(env, o.json, r, () => unsealLines(r, zone));
  });
  unseal
    .command('manifest')
    .description('écrit la description du scrutin pour la cérémonie des clés et la plateforme (urnes, sièges, candidats dans l’ordre du poste)')
    .requiredOption('--out <fichier>', 'fichier à écrire (manifest.json de scrutin-urn)')
    .action(async (o: { out: string }) => {
      const { loadUrnBases } = await import('../../results/results.js');
      const { getElection } = await import('../../election/election.js');
      const { stationManifest } = await import('../../counting/unseal.js');
      const db = await env.db();
      const election = await getElection(db);
      if (!election) throw new CliError("Aucune élection n'est configurée.");
      const manifest = stationManifest(election.code, await loadUrnBases(db));
      writeOutput(env, o.out, JSON.stringify(manifest, null, 2) + '\n');
      env.out(`Description du scrutin ${election.code} (${manifest.urns.length} urnes) écrite dans ${o.out}.\n`);
    });
  unseal
    .command('make-test-urn')
    .description('urne de démonstration chiffrée et scellée comme par la plateforme, cohérente avec l’émargement électronique du poste')
    .requiredOption('--election-key <fichier>', 'clé d’élection publiée par la cérémonie (election-key.json)')
    .requiredOption('--key <fichier>', 'clé de plateforme (scrutin platform-key)')
    .requiredOption('--out <fichier>', 'fichier d’urne à écrire (JSON Lines)')
    .option('--expected <fichier>', 'écrit le dépouillement attendu')
    .action(async (o: { electionKey: string; key: string; out: string; expected?: string }) => {
      const { loadUrnBases } = await import('../../results/results.js');
      const { getElection } = await import('../../election/election.js');
      const { ElectionKeySchema } = await import('@scrutin/evote');
      const { offThread } = await import('../../basics/off-thread.js');
      const { expectedFor } = await import('../../counting/unseal-test-urn.js');
      const { stationManifest } = await import('../../counting/unseal.js');
      const db = await env.db();
      const election = await getElection(db);
      if (!election) throw new CliError("Aucune élection n'est configurée.");
      const electionKey = ElectionKeySchema.safeParse(readJson(env, o.electionKey));
      if (!electionKey.success) throw new CliError(`${o.electionKey} n’est pas une clé d’élection (scrutin-election-key/1).`);
      const key = readJson(env, o.key) as { secretKey?: string; publicKey?: string };
      if (!key.secretKey || !key.publicKey) throw new CliError(`${o.key} ne contient pas de clé de plateforme.`);
      const bases = await loadUrnBases(db);
      const manifest = stationManifest(election.code, bases);
      const perUrn = Object.fromEntries(bases.map((b) => [b.id, b.electronicVoters]));
      env.err(`Chiffrement de ${Object.values(perUrn).reduce((n, k) => n + k, 0).toLocaleString('fr-FR')} bulletins de démonstration…\n`);
      // Encryption takes seconds to minutes: off the thread that serves the station's scans.
      const lines = await offThread<string[]>(new URL('../../counting/unseal-test-urn.js', import.meta.url), 'makeUrnLines', [manifest, electionKey.data, perUrn, { publicKey: key.publicKey, secretKey: key.secretKey }]);
      writeOutput(env, o.out, lines.join('\n') + '\n');
      if (o.expected) writeOutput(env, o.expected, JSON.stringify(expectedFor(manifest, perUrn), null, 2) + '\n');
      env.out(`Urne de ${lines.length - 2} bulletins écrite dans ${o.out} et scellée.\n`);
    });
  const tally = program.commands.find((c) => c.name() === 'tally')!;
  withAuth(
    tally
      .command('import-urn')
      .description('charge le dépouillement d’un descellement fait hors du poste (scrutin-urn combine), revérifié sur l’urne')
      .argument('<urne>', 'fichier d’urne')
      .requiredOption('--tally <fichier>', 'dépouillement électronique (scrutin-electronic-tally/1)'),
  ).action(async (file: string, o: Common & { tally: string }) => {
    const { importUrnTally } = await import('../../counting/unseal.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['president']);
    const r = valueOrRefusal(await importUrnTally(db, actor, resolvePath(env, file), readJson(env, o.tally), { onProgress: urnProgress(env), workers: config.urnWorkers }));
    report(env, o.json, r, () => `Dépouillement électronique chargé : ${r.ballots} bulletins dans ${r.urns} urnes (détenteurs ${r.holders.join(' et ')}).`);
  });
}
