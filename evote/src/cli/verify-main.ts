// Independent verifier: trusts nothing but the urn file, the announced tally, the public folder of the key
// ceremony (election-key.json and the files beside it) and the platform key fingerprint recorded at sealing.
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { verifyCeremonyRecord } from '../ceremony-record.js';
import { readCeremonyFolder } from './ceremony.js';
import { verifyTally } from '../verifier.js';
import { readReceipts, receiptProblems } from './receipts.js';
import { checkedUrn, checkJson, checkLines, platformKeyProblems } from './urn-commands.js';
import { CliError, processIo, report, runProgram } from '@scrutin/server-kit/cli.js';
import { INDEPENDENT_VERIFIER_GROUP } from '../group-backend.js';

const program = new Command('scrutin-verify-urn')
  .description('Vérificateur indépendant de l’urne électronique et de son dépouillement, à partir des seules données publiques')
  .requiredOption('--urn <fichier>', 'fichier d’urne (JSON Lines)')
  .option('--tally <fichier>', 'dépouillement électronique annoncé')
  .requiredOption('--election-key <fichier>', 'clé d’élection publiée à la cérémonie, lue avec tout le dossier public de la cérémonie (contributions, preuves, confirmations, journal)')
  .option('--platform-key-fingerprint <empreinte>', 'empreinte de la clé de plateforme relevée au scellement')
  .option('--receipts <fichier>', 'reçus de vote à retrouver dans l’urne scellée (tableau JSON ou une ligne JSON par reçu)')
  .option('--workers <n>', 'processus de calcul', '2')
  .option('--json', 'sortie JSON')
  .action(async (opts: { urn: string; tally?: string; electionKey: string; platformKeyFingerprint?: string; receipts?: string; workers: string; json?: boolean }) => {
    const out = { json: Boolean(opts.json) };
    // The other library than the urn check's (scrutin-urn check, station): two implementations cross-check.
    const c = await checkedUrn(opts.urn, Number(opts.workers), INDEPENDENT_VERIFIER_GROUP);
    const problems = [...c.check.problems];
    // Issue 13, item 2: the key is verified from the whole public record of its ceremony, then the urn
    // must be bound to exactly that key; without it no verdict of « vérifié » is given.
    if (!existsSync(opts.electionKey)) throw new CliError(`Clé d’élection introuvable : ${opts.electionKey}`);
    const record = verifyCeremonyRecord(readCeremonyFolder(dirname(opts.electionKey)), { manifestFingerprint: c.verified.header.manifestFingerprint });
    if (!record.ok) problems.push(...record.error);
    else if (canonicalJson(record.value) !== canonicalJson(c.verified.header.electionKey))
      problems.push('L’urne n’est pas chiffrée sous la clé publiée à la cérémonie.');
    if (opts.platformKeyFingerprint !== undefined) problems.push(...platformKeyProblems(c, opts.platformKeyFingerprint));
    const receipts = opts.receipts === undefined ? null : receiptProblems(c, readReceipts(opts.receipts));
    if (receipts) problems.push(...receipts.problems);
    let tallyReport: unknown = null;
    if (opts.tally) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(opts.tally, 'utf8'));
      } catch {
        throw new CliError(`Dépouillement introuvable ou illisible : ${opts.tally}`);
      }
      const t = verifyTally(c.verified, c.check, raw);
      if (!t.ok) problems.push(...t.error);
      else tallyReport = t.value.urns;
    }
    if (problems.length > 0) throw new CliError('vérification refusée.', problems);
    report(processIo, out.json, { ...checkJson(c), tally: tallyReport, receipts: receipts && receipts.count }, () => [
      ...checkLines(c),
      'CÉRÉMONIE DES CLÉS VÉRIFIÉE : journal, preuves de connaissance de chaque coefficient, clé publique et empreinte recalculées ; l’urne est chiffrée sous cette clé.',
      ...(receipts ? [`REÇUS VÉRIFIÉS : ${receipts.count} reçu(s) signés par la plateforme, chacun de leurs bulletins est dans l’urne scellée et la chaîne des lots passe par la tête de leur lot.`] : []),
      ...(opts.tally ? ['DÉPOUILLEMENT VÉRIFIÉ : preuves des déchiffrements partiels, combinaison et résultats annoncés concordent.'] : []),
    ].join('\n'));
  });

// A refusal ends the process at once, as before (worker pools may still be open); a success ends it naturally.
const code = await runProgram(program, process.argv.slice(2), processIo, { usageExitCode: 1, jsonRefusals: true });
if (code !== 0) process.exit(code);
