import type { StationConfig } from '../../config.js';
import { closeSync, openSync, readFileSync, rmSync, writeSync, createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { PV_SIGNING_ROLES, SYSTEM_ACTOR, ROLES, type Role } from '@scrutin/domain/roles.js';
import { formatInstant, frCalendarDate } from '@scrutin/basics/calendar.js';
import { plural } from '@scrutin/basics/french.js';
import { STATE_LABELS, ELECTION_STATES, type ElectionState } from '@scrutin/domain/lifecycle.js';
import { delimiterLabel } from '../../roll/csv.js';
import type { RollReport } from '@scrutin/contract/roll-types.js';
import { CliError, openOutput, readInput, readPassword, report, resolvePath, writeOutput, type CliEnv, type OutputFile } from '@scrutin/server-kit/cli.js';
import { authenticate, requireRole } from '../authenticate.js';
import { storageWarnings } from '../storage-warnings.js';
import { electionTimeZone } from '../election-time.js';
import { parseUntrustedJson } from '@scrutin/basics/json-limits.js';

// Each command imports the modules it calls when it runs: `scrutin --help` loads none, and a command loads
// only its own (pdf-lib, node-forge, express… only where used; bench/RESULTS.md, « CLI start-up »).

type Common = { json?: boolean; as?: string; passwordFile?: string };

const withAuth = (c: Command) => c.option('--as <identifiant>', 'compte qui agit (mot de passe : SCRUTIN_PASSWORD ou --password-file)').option('--password-file <fichier>', 'fichier contenant le mot de passe').option('--json', 'sortie JSON');

function rollReportText(r: RollReport): string {
  const lines = [
    `Rapport de conformité — ${r.fileName}`,
    `  SHA-256 du fichier : ${r.fileSha256}`,
    `  Encodage : ${r.encoding}, séparateur « ${delimiterLabel(r.delimiter)} »`,
    `  Lignes de données : ${r.dataRows} ; électeurs : ${r.voters} ; qualités : ${r.rights} (codes-barres préimprimés : ${r.preprintedBarcodes})`,
    '  Qualités par urne :',
    ...r.byUrn.map((u) => `    ${u.urnId.padEnd(10)} ${String(u.rights).padStart(8)}  ${u.label}`),
  ];
  return lines.join('\n');
}

/**
 * Where a one-time password goes with --password-out: a file created here, private (0600) and never over an
 * existing one, opened before the account is created so that a refusal leaves no account whose password
 * nobody saw. The README's walk-through hands these files to the next command (`--password-file`).
 */
function oneTimePasswordSink(env: CliEnv, file: string | undefined): { write(password: string): string; abandon(): void } {
  if (!file) return { write: (password) => `Mot de passe à usage unique : ${password}`, abandon: () => undefined };
  let fd: number;
  try {
    fd = openSync(resolvePath(env, file), 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === 'EEXIST' ? `${file} existe déjà : choisissez un autre fichier pour le mot de passe à usage unique.` : `Impossible d’écrire ${file} (${code ?? 'erreur'}).`);
  }
  return {
    write(password) {
      writeSync(fd, password + '\n');
      closeSync(fd);
      return `Mot de passe à usage unique écrit dans ${file} (lisible par vous seul).`;
    },
    abandon() {
      closeSync(fd);
      rmSync(resolvePath(env, file));
    },
  };
}

export function registerSetupCommands(program: Command, env: CliEnv, config: StationConfig): void {
  const admin = program.command('admin').description('premier compte administrateur');
  admin
    .command('create')
    .description('crée le premier administrateur et affiche son mot de passe à usage unique')
    .requiredOption('--login <identifiant>', 'identifiant', 'admin')
    .option('--name <nom>', 'nom affiché', 'Administrateur')
    .option('--password-out <fichier>', 'écrit le mot de passe à usage unique dans ce fichier privé au lieu de l’afficher')
    .option('--json', 'sortie JSON')
    .action(async (o: { login: string; name: string; passwordOut?: string; json?: boolean }) => {
      const { countUsers, createUser } = await import('../../auth/users.js');
      const db = await env.db();
      if ((await countUsers(db)) > 0) throw new CliError('Des comptes existent déjà : créez les suivants avec « scrutin user add --as <admin> ».');
      const sink = oneTimePasswordSink(env, o.passwordOut);
      const r = await createUser(db, SYSTEM_ACTOR(), { login: o.login, displayName: o.name, roles: ['admin'] });
      if (!r.ok) {
        sink.abandon();
        throw new CliError(r.error.message);
      }
      const line = sink.write(r.value.oneTimePassword);
      report(env, o.json, { login: o.login, ...(o.passwordOut ? { passwordFile: o.passwordOut } : { oneTimePassword: r.value.oneTimePassword }) }, () =>
        `Administrateur « ${o.login} » créé.\n${line}\n` +
          `Remplacez-le avant toute autre commande : SCRUTIN_PASSWORD=<celui-ci> SCRUTIN_NEW_PASSWORD=<le vôtre> scrutin password change --as ${o.login}`,
      );
    });

  const user = program.command('user').description('comptes');
  withAuth(
    user
      .command('add')
      .description('crée un compte et affiche son mot de passe à usage unique')
      .requiredOption('--login <identifiant>', 'identifiant')
      .requiredOption('--roles <roles>', `rôles séparés par des virgules (${ROLES.join(', ')})`)
      .option('--name <nom>', 'nom affiché')
      .option('--password-out <fichier>', 'écrit le mot de passe à usage unique dans ce fichier privé au lieu de l’afficher'),
  ).action(async (o: Common & { login: string; roles: string; name?: string; passwordOut?: string }) => {
    const { createUser } = await import('../../auth/users.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
    const roles = o.roles.split(',').map((r) => r.trim());
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new CliError(`Rôle(s) inconnu(s) : ${unknown.join(', ')}.`);
    // The commission's names are printed above their signatures on the PV: a login is no name.
    const signing = roles.filter((r) => (PV_SIGNING_ROLES as readonly string[]).includes(r));
    if (signing.length > 0 && !o.name)
      throw new CliError(`--name est obligatoire pour le rôle ${signing.join(', ')} : le nom et prénom figurent au procès-verbal, au-dessus de la signature.`);
    const sink = oneTimePasswordSink(env, o.passwordOut);
    const r = await createUser(db, actor, { login: o.login, displayName: o.name ?? o.login, roles: roles as Role[] });
    if (!r.ok) {
      sink.abandon();
      throw new CliError(r.error.message);
    }
    const line = sink.write(r.value.oneTimePassword);
    report(env, o.json, { login: o.login, roles, ...(o.passwordOut ? { passwordFile: o.passwordOut } : { oneTimePassword: r.value.oneTimePassword }) }, () => `Compte « ${o.login} » créé (${roles.join(', ')}).\n${line}`);
  });

  withAuth(user.command('deactivate').description('désactive un compte : ses sessions et les jetons de ses postes cessent aussitôt').argument('<identifiant>')).action(
    async (login: string, o: Common) => {
      const { deactivateUser } = await import('../../auth/users.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
      const r = await deactivateUser(db, actor, login);
      if (!r.ok) throw new CliError(r.error.message);
      report(env, o.json, { login, ...r.value }, () => `Compte « ${login} » désactivé (${r.value.sessionsEnded} session(s) fermée(s), ${r.value.stationTokensRevoked} jeton(s) de poste révoqué(s)).`);
    },
  );
  withAuth(user.command('reset-password').description('donne au compte un nouveau mot de passe à usage unique et ferme ses sessions').argument('<identifiant>')).action(
    async (login: string, o: Common) => {
      const { resetPassword } = await import('../../auth/users.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
      const r = await resetPassword(db, actor, login);
      if (!r.ok) throw new CliError(r.error.message);
      report(env, o.json, { login, ...r.value }, () => `Mot de passe de « ${login} » réinitialisé (${r.value.sessionsEnded} session(s) fermée(s)).\nMot de passe à usage unique : ${r.value.oneTimePassword}`);
    },
  );

  withAuth(
    program
      .command('password')
      .description('votre mot de passe')
      .command('change')
      .description('remplace le mot de passe du compte --as (actuel : SCRUTIN_PASSWORD ou --password-file ; nouveau : SCRUTIN_NEW_PASSWORD ou --new-password-file)')
      .option('--new-password-file <fichier>', 'fichier contenant le nouveau mot de passe'),
  ).action(async (o: Common & { newPasswordFile?: string }) => {
    const { changePassword } = await import('../../auth/users.js');
    const db = await env.db();
    const who = await authenticate(env, config, db, o, 'console', true);
    const newPassword = o.newPasswordFile ? readInput(env, o.newPasswordFile).toString('utf8').trim() : config.newPassword;
    if (!newPassword) throw new CliError('Nouveau mot de passe absent : définissez SCRUTIN_NEW_PASSWORD ou utilisez --new-password-file.');
    const r = await changePassword(db, who.actor, { userId: who.actor.userId!, currentPassword: readPassword(env, o, config.password), newPassword });
    if (!r.ok) throw new CliError(r.error.message);
    report(env, o.json, { login: who.actor.login, ...r.value }, () => `Mot de passe de « ${who.actor.login} » changé (${r.value.sessionsEnded} autre(s) session(s) fermée(s)).`);
  });

  const election = program.command('election').description("paramétrage et cycle de vie de l'élection");
  withAuth(
    election
      .command('create')
      .description("crée l'élection à partir d'un fichier JSON (exemple : examples/election.json)")
      .argument('<fichier>')
      // A demonstration or a rehearsal votes today, not on the dates of the example file.
      .option('--vote-opens <date>', 'ouverture du vote, remplace celle du fichier (ISO 8601, ex. 2026-11-25T09:00:00+01:00)')
      .option('--vote-closes <date>', 'clôture du vote, remplace celle du fichier (ISO 8601)'),
  ).action(
    async (file: string, o: Common & { voteOpens?: string; voteCloses?: string }) => {
      const { createElection, listUrns } = await import('../../election/election.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
      let definition: unknown;
      try {
        definition = parseUntrustedJson(readInput(env, file));
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(`Fichier d'élection illisible : JSON invalide (${(e as Error).message}).`);
      }
      if (definition && typeof definition === 'object')
        definition = { ...definition, ...(o.voteOpens ? { voteOpensAt: o.voteOpens } : {}), ...(o.voteCloses ? { voteClosesAt: o.voteCloses } : {}) };
      const r = await createElection(db, actor, definition);
      if (!r.ok) throw new CliError(r.error.message, r.error.details ?? []);
      const urns = await listUrns(db);
      report(env, o.json, { election: r.value, urns }, () => `Élection ${r.value.code} créée : ${r.value.name} — ${r.value.chamber}\n${urns.length} urnes, ${urns.reduce((n, u) => n + u.seats, 0)} sièges.`);
    },
  );
  election
    .command('show')
    .description("affiche l'élection, son état et ses urnes")
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { getElection, listUrns } = await import('../../election/election.js');
      const db = await env.db();
      const e = await getElection(db);
      if (!e) throw new CliError("Aucune élection n'est configurée.");
      const urns = await listUrns(db);
      report(env, o.json, { election: e, urns }, () =>
        [
          `${e.code} — ${e.name} (${e.chamber})`,
          `État : ${STATE_LABELS[e.state]}`,
          `Ouverture du vote : ${formatInstant(e.voteOpensAt, e.timeZone)}`,
          `Clôture du vote : ${formatInstant(e.voteClosesAt, e.timeZone)}`,
          `Délai de recours : ${frCalendarDate(e.appealDeadline)} inclus`,
          `Fuseau horaire : ${e.timeZone}`,
          ...urns.map((u) => `  ${u.id.padEnd(10)} ${plural(u.seats, 'siège', 'sièges').padEnd(9)} ${u.label}`)].join('\n'),
      );
    });
  withAuth(
    election
      .command('advance')
      .description(`passe à l'état suivant (${ELECTION_STATES.join(', ')})`)
      .argument('<état>')
      .option('--platform-key <fichier|hex>', 'clé publique Ed25519 de la plateforme de vote (scellement)'),
  ).action(async (to: string, o: Common & { platformKey?: string }) => {
    const { advanceElection } = await import('../../lifecycle/advance.js');
    const { getSeal } = await import('../../scanning/seal.js');
    const db = await env.db();
    if (!(ELECTION_STATES as readonly string[]).includes(to)) throw new CliError(`État inconnu « ${to} » (attendu : ${ELECTION_STATES.join(', ')}).`);
    const who = await authenticate(env, config, db, o);
    const platformPublicKey = o.platformKey ? readPublicKey(env, o.platformKey) : undefined;
    const r = await advanceElection(db, who.actor, who.roles, { to: to as ElectionState, ...(platformPublicKey ? { platformPublicKey } : {}) });
    if (!r.ok) throw new CliError(r.error.message, r.error.details ?? [], r.error.code === 'ROLE_NOT_ALLOWED' ? 3 : 1);
    // The sealing record names the one certificate whose signatures will be recognised (signer pinning).
    const seal = r.value.state === 'SEALED' ? await getSeal(db) : null;
    const storage = r.value.storage;
    report(env, o.json, { state: r.value.state, ...(seal ? { seal } : {}), ...(storage ? { storage } : {}) }, () =>
      [
        `Élection ${r.value.code} : ${STATE_LABELS[r.value.state]}.`,
        ...(storage ? storageWarnings(storage, r.value.timeZone) : []),
        ...(seal
          ? [
              `Empreinte du scellement : ${seal.digest}`,
              `Certificat de la commission (SHA-256 du certificat DER) : ${seal.commissionCertificateFingerprint ?? 'non enregistré'}`,
              `Clé de la plateforme : ${seal.platformKeyFingerprint}`,
            ]
          : []),
      ].join('\n'),
    );
  });

  const roll = program.command('roll').description('liste électorale');
  roll
    .command('generate')
    .description('écrit une liste électorale fictive pour les essais (noms inventés)')
    .requiredOption('--voters <n>', "nombre d'électeurs", (v) => Number(v))
    .requiredOption('--out <fichier>', 'fichier CSV à écrire')
    .option('--election <fichier>', "fichier d'élection", 'examples/election.json')
    .option('--seed <n>', 'graine', (v) => Number(v), 1)
    .action(async (o: { voters: number; out: string; election: string; seed: number }) => {
      const { generateRollLines } = await import('../../roll/generate.js');
      if (!Number.isInteger(o.voters) || o.voters < 1) throw new CliError('--voters : entier positif attendu.');
      const definition = JSON.parse(readInput(env, o.election).toString('utf8'));
      const lines: string[] = [];
      for (const line of generateRollLines(definition, o.voters, o.seed)) lines.push(line);
      writeOutput(env, o.out, lines.join('\n') + '\n');
      env.out(`${lines.length - 1} lignes écrites dans ${o.out}.\n`);
    });
  withAuth(roll.command('import').description('importe la liste électorale (CSV), tout ou rien').argument('<fichier>')).action(async (file: string, o: Common) => {
    const { importRoll } = await import('../../roll/import.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
    readInput(env, file); // a clear error for a missing file before anything starts
    let lastShown = 0;
    const r = await importRoll(db, actor, createReadStream(resolvePath(env, file)), {
      fileName: file.split('/').pop()!,
      onProgress: (p) => {
        if (!o.json && p.rows - lastShown >= 50_000) {
          lastShown = p.rows;
          env.err(`  … ${p.rows.toLocaleString('fr-FR')} lignes (${(p.bytes / 1e6).toFixed(1)} Mo)\n`);
        }
      },
    });
    if (!r.ok) throw new CliError(`Liste électorale refusée (${r.error.length} erreur(s)) ; rien n'a été importé.`, r.error.map((e) => e.message));
    report(env, o.json, r.value, () => rollReportText(r.value) + '\n\nÀ faire valider par le représentant du préfet : scrutin roll validate --sha256 ' + r.value.fileSha256);
  });
  roll
    .command('report')
    .description('affiche le rapport de conformité')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { getRollReport } = await import('../../roll/import.js');
      const db = await env.db();
      const r = await getRollReport(db);
      if (!r) throw new CliError("Aucune liste électorale n'a été importée.");
      const zone = await electionTimeZone(db);
      report(env, o.json, r, () => rollReportText(r) + `\nValidée : ${r.validatedAt ? formatInstant(r.validatedAt, zone) : 'non'}`);
    });
  withAuth(roll.command('validate').description('validation du rapport de conformité par la préfecture').requiredOption('--sha256 <empreinte>', 'empreinte SHA-256 lue sur le rapport')).action(
    async (o: Common & { sha256: string }) => {
      const { validateRoll } = await import('../../roll/import.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['prefecture']);
      const r = await validateRoll(db, actor, o.sha256.toLowerCase());
      if (!r.ok) throw new CliError(r.error.message);
      report(env, o.json, r.value, () => `Liste électorale validée (${r.value.rights} qualités) : elle est figée.`);
    },
  );
  withAuth(
    roll
      .command('envelopes')
      .description("écrit le fichier de l'imprimeur : une ligne par qualité, avec le code-barres de son pli d'acheminement (liste validée)")
      .requiredOption('--out <fichier>', 'fichier CSV à écrire (séparateur « ; », UTF-8)'),
  ).action(async (o: Common & { out: string }) => {
    const { exportEnvelopes } = await import('../../roll/envelopes.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['admin', 'agent']);
    // The file is opened only once the roll is known validated, and in place only once whole (openOutput).
    let file: OutputFile | undefined;
    let r;
    try {
      r = await exportEnvelopes(db, actor, () => (file = openOutput(env, o.out)));
    } catch (e) {
      (file as OutputFile | undefined)?.abort();
      throw e;
    }
    if (!r.ok) throw new CliError(r.error.message);
    const { rights, withdrawn } = r.value;
    report(env, o.json, r.value, () =>
      [`${plural(rights, 'pli', 'plis')} dans ${o.out} : nom, adresse et code-barres de chaque qualité, pour l'imprimeur.`, withdrawn > 0 ? `${plural(withdrawn, 'qualité retirée', 'qualités retirées')} par décision : sans pli.` : '', `SHA-256 : ${r.value.fileSha256}`]
        .filter(Boolean)
        .join('\n'),
    );
  });

  const candidates = program.command('candidates').description('candidatures');
  withAuth(candidates.command('import').description('saisit des candidatures depuis un fichier JSON (tableau)').argument('<fichier>')).action(async (file: string, o: Common) => {
    const { addCandidate } = await import('../../candidates/candidates.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['agent']);
    let list: unknown;
    try {
      list = parseUntrustedJson(readInput(env, file));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError('Fichier de candidatures illisible : JSON invalide.');
    }
    if (!Array.isArray(list)) throw new CliError('Fichier de candidatures : un tableau JSON est attendu.');
    const errors: string[] = [];
    let added = 0;
    for (const [i, c] of list.entries()) {
      const r = await addCandidate(db, actor, c);
      if (r.ok) added++;
      else errors.push(`candidature ${i + 1} : ${r.error.message} ${(r.error.details ?? []).join(' ; ')}`);
    }
    if (errors.length > 0) throw new CliError(`${added} candidature(s) saisie(s), ${errors.length} refusée(s).`, errors);
    report(env, o.json, { added }, () => `${added} candidature(s) saisie(s).`);
  });
  candidates
    .command('example')
    .description("écrit des candidatures fictives pour l'élection configurée (un candidat de plus que de sièges par urne)")
    .requiredOption('--out <fichier>', 'fichier JSON à écrire')
    .action(async (o: { out: string }) => {
      const { listUrns } = await import('../../election/election.js');
      const db = await env.db();
      const urns = await listUrns(db);
      if (urns.length === 0) throw new CliError("Aucune élection n'est configurée.");
      const list = exampleCandidates(urns);
      writeOutput(env, o.out, JSON.stringify(list, null, 2) + '\n');
      env.out(`${list.length} candidatures fictives écrites dans ${o.out}.\n`);
    });
  withAuth(candidates.command('validate').description('validation des candidatures par la préfecture (elles sont alors figées)')).action(async (o: Common) => {
    const { validateCandidates } = await import('../../candidates/candidates.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['prefecture']);
    const r = await validateCandidates(db, actor);
    if (!r.ok) throw new CliError(r.error.message, r.error.details ?? []);
    report(env, o.json, r.value, () => `${r.value.candidates} candidatures validées (empreinte ${r.value.digest.slice(0, 16)}…).`);
  });

  withAuth(
    program
      .command('station')
      .description('postes de numérisation')
      .command('token')
      .description("délivre le jeton d'un poste pour le pont de lecteur (scrutin-scanner)")
      .requiredOption('--station <id>', 'identifiant du poste')
      .requiredOption('--agent <identifiant>', 'agent de numérisation rattaché')
      .option('--label <libellé>', 'libellé'),
  ).action(async (o: Common & { station: string; agent: string; label?: string }) => {
    const { issueStationToken } = await import('../../scanning/stations.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
    const r = await issueStationToken(db, actor, { id: o.station, label: o.label ?? o.station, agentLogin: o.agent });
    if (!r.ok) throw new CliError(r.error.message);
    report(env, o.json, r.value, () => `Jeton du poste ${o.station} (à garder secret) : ${r.value.token}`);
  });

  program
    .command('platform-key')
    .description("génère une clé Ed25519 de plateforme de vote (essais et démonstrations)")
    .requiredOption('--out <fichier>', 'fichier de la clé secrète (JSON)')
    .option('--json', 'sortie JSON')
    .action(async (o: { out: string; json?: boolean }) => {
      const { generatePlatformKey } = await import('@scrutin/contract/electronic-emargement.js');
      const key = generatePlatformKey();
      writeOutput(env, o.out, JSON.stringify(key, null, 2) + '\n');
      report(env, o.json, { publicKey: key.publicKey, fingerprint: key.fingerprint }, () => `Clé écrite dans ${o.out}.\nClé publique : ${key.publicKey}\nEmpreinte : ${key.fingerprint}`);
    });
}

/** A public key given as hex or as a key file written by `scrutin platform-key`. */
export function readPublicKey(env: CliEnv, value: string): string {
  if (/^[0-9a-f]{64}$/i.test(value)) return value.toLowerCase();
  const parsed = JSON.parse(readFileSync(resolvePath(env, value), 'utf8')) as { publicKey?: string };
  if (!parsed.publicKey) throw new CliError(`Aucune clé publique dans ${value}.`);
  return parsed.publicKey;
}

const NAMES = ['Aubertin', 'Bellocq', 'Cazenave', 'Dufau', 'Etchart', 'Fourcade', 'Gassiot', 'Haristoy', 'Izarn', 'Laborde', 'Mourguet', 'Nabonne', 'Ospital', 'Pujol', 'Roumiguières'];
const FIRST = [
  ['Hélène', 'F'],
  ['Marc', 'M'],
  ['Sophie', 'F'],
  ['Thierry', 'M'],
  ['Nathalie', 'F'],
  ['Olivier', 'M'],
] as const;

export function exampleCandidates(urns: { id: string; contest_code: string; seats: number }[]) {
  let n = 0;
  return urns.flatMap((u) =>
    Array.from({ length: u.seats + 1 }, () => {
      n++;
      const [firstNames, sex] = FIRST[n % FIRST.length]!;
      return {
        urnId: u.id,
        lastName: NAMES[n % NAMES.length]!,
        firstNames,
        sex,
        birthDate: `${1950 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`,
        profession: 'chef d’entreprise',
        titles: '',
        delegation: '',
        grouping: n % 2 ? 'Entreprendre ensemble' : 'Commerce et territoires',
        substitute: u.contest_code === 'CCIR' ? { lastName: NAMES[(n + 7) % NAMES.length]!, firstNames: sex === 'F' ? 'Pierre' : 'Claire', sex: sex === 'F' ? 'M' : 'F', birthDate: '1972-03-15' } : null,
      };
    }),
  );
}
