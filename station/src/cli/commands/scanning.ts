import type { StationConfig } from '../../config.js';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { SignedHead } from '../../journal/signed-head.js';
import type { SetAsideReason } from '../../reports/report-data.js';
import { CliError, readInput, report, writeOutput, type CliEnv } from '@scrutin/server-kit/cli.js';
import { authenticate, requireRole } from '../authenticate.js';
import { cliInstant, electionTimeZone } from '../election-time.js';

// Each command imports the modules it calls when it runs: `scrutin --help` loads none, and a command loads
// only its own (pdf-lib, node-forge, express… only where used; bench/RESULTS.md, « CLI start-up »).

type Common = { json?: boolean; as?: string; passwordFile?: string };
const withAuth = (c: Command) => c.option('--as <identifiant>', 'compte qui agit (mot de passe : SCRUTIN_PASSWORD ou --password-file)').option('--password-file <fichier>', 'fichier contenant le mot de passe').option('--json', 'sortie JSON');

export function registerScanningCommands(program: Command, env: CliEnv, config: StationConfig): void {
  const emargement = program.command('emargement').description('émargement électronique et liste d’émargement');
  emargement
    .command('make')
    .description('produit un émargement électronique signé comme la plateforme le ferait (essais, démonstrations)')
    .requiredOption('--key <fichier>', 'clé de plateforme (scrutin platform-key)')
    .requiredOption('--out <fichier>', 'fichier à écrire (la signature va dans <fichier>.sig)')
    .option('--rights <liste>', 'numéros de qualité séparés par des virgules')
    .option('--sample <n>', 'tire n qualités au hasard dans la liste électorale', (v) => Number(v))
    .option('--closed-at <date ISO>', 'heure de clôture inscrite (par défaut : maintenant)')
    .option('--json', 'sortie JSON')
    .action(async (o: { key: string; out: string; rights?: string; sample?: number; closedAt?: string; json?: boolean }) => {
      const { getElection } = await import('../../election/election.js');
      const { signEmargement } = await import('@scrutin/contract/electronic-emargement.js');
      const store = await import('../../store/index.js');
      const db = await env.db();
      const election = await getElection(db);
      if (!election) throw new CliError("Aucune élection n'est configurée.");
      const key = JSON.parse(readInput(env, o.key).toString('utf8')) as { secretKey?: string };
      if (!key.secretKey) throw new CliError(`${o.key} ne contient pas de clé secrète.`);
      let rights: number[];
      if (o.rights) rights = o.rights.split(',').map((s) => Number(s.trim()));
      else if (o.sample) {
        rights = (await store.roll.sampleRightIds(db, o.sample)).sort((a, b) => a - b);
      } else throw new CliError('Indiquez --rights ou --sample.');
      if (rights.some((r) => !Number.isInteger(r) || r < 1)) throw new CliError('--rights : numéros de qualité entiers attendus.');
      const closedAt = o.closedAt ?? new Date().toISOString();
      const votedAt = new Date(Math.min(Date.parse(closedAt), election.voteClosesAt.getTime()) - 3600_000).toISOString();
      const signed = signEmargement({ electionCode: election.code, closedAt, entries: rights.map((right) => ({ right, votedAt })) }, key.secretKey);
      writeOutput(env, o.out, signed.file);
      writeOutput(env, o.out + '.sig', signed.signature);
      report(env, o.json, { file: o.out, signature: o.out + '.sig', count: rights.length, rights }, () => `Émargement signé de ${rights.length} qualité(s) écrit dans ${o.out} (+ ${o.out}.sig).`);
    });
  withAuth(emargement.command('import').description("charge l'émargement électronique signé (une seule fois, après la clôture)").argument('<fichier>').option('--signature <fichier>', 'signature détachée (par défaut <fichier>.sig)')).action(
    async (file: string, o: Common & { signature?: string }) => {
      const { importElectronicEmargement } = await import('../../scanning/electronic-emargement.js');
      const db = await env.db();
      const who = await authenticate(env, config, db, o);
      const r = await importElectronicEmargement(db, who.actor, who.roles, readInput(env, file), readInput(env, o.signature ?? file + '.sig').toString('utf8'));
      if (!r.ok) throw new CliError(`Émargement électronique refusé : ${r.error.message}`, r.error.details ?? []);
      report(env, o.json, r.value, () => `Émargement électronique chargé : ${r.value.count} vote(s) par internet. La numérisation des plis est ouverte.`);
    },
  );
  emargement
    .command('export')
    .description("exporte la liste d'émargement (correspondance et internet)")
    .requiredOption('--out <fichier>', 'fichier à écrire')
    .option('--csv', 'format CSV (par défaut JSON)')
    .action(async (o: { out: string; csv?: boolean }) => {
      const { emargementCsv, listEmargement } = await import('../../scanning/counters.js');
      const entries = await listEmargement(await env.db());
      writeOutput(env, o.out, o.csv ? '\uFEFF' + emargementCsv(entries) : JSON.stringify(entries, null, 2) + '\n');
      env.out(`${entries.length} émargement(s) exporté(s) dans ${o.out}.\n`);
    });

  withAuth(program.command('scan').description('numérise un code-barres de pli (comme un poste)').argument('<code-barres>').requiredOption('--station <id>', 'identifiant du poste').option('--defect <défaut>', 'mise à part pour défaut physique (NO_SIGNATURE, SEVERAL_INNER_ENVELOPES, DAMAGED, ILLEGIBLE_NAME)').option('--late', 'pli parvenu après la clôture').option('--request-id <uuid>', 'identifiant de requête (rejouer une lecture)')).action(
    async (barcode: string, o: Common & { station: string; defect?: string; late?: boolean; requestId?: string }) => {
      const { scan, scanRequestSchema } = await import('../../scanning/scan.js');
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o, o.station), ['scanning_agent']);
      const parsed = scanRequestSchema.safeParse({ requestId: o.requestId ?? randomUUID(), barcode, ...(o.defect ? { defect: o.defect } : {}), ...(o.late ? { late: true } : {}) });
      if (!parsed.success) throw new CliError('Lecture invalide : ' + parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; '));
      const r = await scan(db, actor, parsed.data);
      if (!r.ok) throw new CliError(r.error.message);
      report(env, o.json, r.value, () => `${r.value.verdict} — ${r.value.message}`);
    },
  );

  withAuth(
    program
      .command('simulate')
      .description('rejoue N plis tirés de la liste électorale depuis plusieurs postes à la fois, par HTTP, et vérifie les compteurs')
      .option('--envelopes <n>', 'nombre de plis', (v) => Number(v), 1000)
      .option('--stations <n>', 'nombre de postes simultanés', (v) => Number(v), 4)
      .option('--mix <répartition>', 'accepted=0.8,electronic=0.06,duplicate=0.04,unknown=0.03,malformed=0.04,late=0.03', 'accepted=0.8,electronic=0.06,duplicate=0.04,unknown=0.03,malformed=0.04,late=0.03')
      .option('--agent <identifiant>', 'agent de numérisation rattaché aux postes simulés', 'numerisation')
      .option('--seed <n>', 'graine', (v) => Number(v), 1),
  ).action(async (o: Common & { envelopes: number; stations: number; mix: string; agent: string; seed: number }) => {
    const { simulate, parseMix } = await import('../simulate.js');
    const db = await env.db();
    const actor = requireRole(await authenticate(env, config, db, o), ['admin']);
    const mix = parseMix(o.mix);
    if (!mix.ok) throw new CliError(mix.error);
    const result = await simulate(db, actor, { envelopes: o.envelopes, stations: o.stations, mix: mix.value, agentLogin: o.agent, seed: o.seed, stationUrl: config.stationUrl, progress: o.json ? undefined : (t) => env.err(t) });
    report(env, o.json, result, () =>
      [
        `${result.sent} plis envoyés depuis ${o.stations} postes en ${(result.ms / 1000).toFixed(1)} s (${Math.round(result.sent / (result.ms / 1000))} lectures/s).`,
        'Verdict             attendu   observé',
        ...Object.keys({ ...result.expected, ...result.observed }).map((v) => `  ${v.padEnd(20)}${String(result.expected[v] ?? 0).padStart(6)}${String(result.observed[v] ?? 0).padStart(10)}`),
        `File du président (vote électronique prioritaire) : attendu ${result.expectedPresidentQueue}, observé ${result.observedPresidentQueue}.`,
        result.ok ? 'Compteurs exacts.' : 'ÉCART entre attendu et observé.',
      ].join('\n'),
    );
    if (!result.ok) throw new CliError('La simulation ne retrouve pas les compteurs attendus.', [], 2);
  });

  program
    .command('counters')
    .description('compteurs par verdict, par poste et par urne')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { readCounters } = await import('../../scanning/counters.js');
      const { SET_ASIDE_REASON_LABELS } = await import('../../reports/report-data.js');
      const c = await readCounters(await env.db());
      report(env, o.json, c, () =>
        [
          `Inscrits : ${c.totals.registered} ; correspondance émargés : ${c.totals.postalAccepted} ; internet : ${c.totals.electronic}`,
          `Plis mis à part : ${c.totals.setAside}`,
          ...Object.entries(c.totals.setAsideByReason).map(([reason, n]) => `  dont ${SET_ASIDE_REASON_LABELS[reason as SetAsideReason].toLowerCase()} : ${n}`),
          `Lectures acceptées : ${c.byVerdict.ACCEPTED ?? 0} ; codes illisibles (à relire) : ${c.byVerdict.MALFORMED ?? 0} ; plis reçus avant l’émargement électronique : ${c.totals.received}`,
          ...c.urns.map((u) => `  ${u.urnId.padEnd(10)} inscrits ${u.registered}, correspondance ${u.postalAccepted}, internet ${u.electronic} — ${u.label}`),
        ].join('\n'),
      );
    });

  program
    .command('journal')
    .description('journal chaîné')
    .command('verify')
    .description('vérifie le chaînage, les empreintes et la dernière tête signée du journal (et la tête imprimée sur un PV)')
    .option('--pv <fichier>', 'procès-verbal signé (PDF) ou journal-tete-signee.json d’un scellé : sa tête signée doit se retrouver dans le journal')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean; pv?: string }) => {
      const { verifyJournal } = await import('../../journal/verify.js');
      let printed: SignedHead | undefined;
      if (o.pv) {
        // The PV's reader loads pdf-lib and node-forge: only when a PV is given.
        const { readPrintedHead } = await import('../../reports/printed-head.js');
        const read = await readPrintedHead(new Uint8Array(readInput(env, o.pv)), o.pv);
        if (!read.ok) throw new CliError(read.error[0]!, read.error.slice(1));
        printed = read.value;
      }
      const db = await env.db();
      const v = await verifyJournal(db, printed);
      const zone = await electionTimeZone(db);
      const last = v.lastSignedHead;
      const sealed = last
        ? `Dernière tête signée : chaîne ${last.chainId}, entrée n° ${last.seq}, signée le ${cliInstant(last.signedAt, zone)}, empreinte ${last.headHash.slice(0, 16)}…, clé ${last.keyFingerprint.slice(0, 16)}… (${v.signedHeads} tête(s) signée(s)${v.keyFingerprints.length > 1 ? `, ${v.keyFingerprints.length} clés différentes` : ''}).`
        : 'Aucune tête signée : la fin du journal n’est protégée par aucune signature.';
      const pvLine = printed ? `\nTête du procès-verbal (entrée n° ${printed.seq} de la chaîne ${printed.chainId}) : ${v.ok ? 'retrouvée dans le journal.' : 'voir les anomalies.'}` : '';
      report(env, o.json, v, () =>
        v.ok
          ? `Journal intègre : ${v.entries} entrées, ${v.chains.length} chaîne(s).\n` + v.chains.map((c) => `  ${c.chainId.padEnd(16)} ${String(c.entries).padStart(7)} entrées, tête ${c.head.slice(0, 16)}…`).join('\n') + `\n${sealed}${pvLine}`
          : `JOURNAL ALTÉRÉ : ${v.problems.length} anomalie(s).\n` + v.problems.map((p) => `  chaîne ${p.chainId}, entrée ${p.seq} : ${p.message}`).join('\n') + `\n${sealed}`,
      );
      if (!v.ok) throw new CliError('Le journal ne se vérifie pas.', [], 2);
    });
}
