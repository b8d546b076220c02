// Independent verifier: trusts nothing but the urn file, the announced tally and, optionally, the
// election key published at the ceremony and the platform key fingerprint recorded at sealing.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ElectionKeySchema } from '../schemas.js';
import { verifyTally } from '../verifier.js';
import { checkedUrn, checkJson, checkLines, platformKeyProblems } from './urn-commands.js';
import { action, fail, readJsonFile, report, runProgram, UserError } from './io.js';

const program = new Command('scrutin-verify-urn')
  .description('Vérificateur indépendant de l’urne électronique et de son dépouillement, à partir des seules données publiques')
  .requiredOption('--urn <fichier>', 'fichier d’urne (JSON Lines)')
  .option('--tally <fichier>', 'dépouillement électronique annoncé')
  .option('--election-key <fichier>', 'clé d’élection publiée à la cérémonie (doit être celle de l’urne)')
  .option('--platform-key-fingerprint <empreinte>', 'empreinte de la clé de plateforme relevée au scellement')
  .option('--workers <n>', 'processus de calcul', '2')
  .option('--json', 'sortie JSON')
  .action(action(async (opts: { urn: string; tally?: string; electionKey?: string; platformKeyFingerprint?: string; workers: string; json?: boolean }) => {
    const out = { json: Boolean(opts.json) };
    const c = await checkedUrn(opts.urn, Number(opts.workers));
    const problems = [...c.check.problems];
    if (opts.electionKey) {
      const key = readJsonFile(opts.electionKey, ElectionKeySchema, 'Clé d’élection');
      if (key.keyFingerprint !== c.verified.header.electionKey.keyFingerprint || key.publicKey !== c.verified.header.electionKey.publicKey)
        problems.push('L’urne n’est pas chiffrée sous la clé publiée à la cérémonie.');
    }
    if (opts.platformKeyFingerprint !== undefined) problems.push(...platformKeyProblems(c, opts.platformKeyFingerprint));
    let tallyReport: unknown = null;
    if (opts.tally) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(opts.tally, 'utf8'));
      } catch {
        throw new UserError(`Dépouillement introuvable ou illisible : ${opts.tally}`);
      }
      const t = verifyTally(c.verified, c.check, raw);
      if (!t.ok) problems.push(...t.error);
      else tallyReport = t.value.urns;
    }
    if (problems.length > 0) fail(out, 'vérification refusée.', problems);
    report(out, { ...checkJson(c), tally: tallyReport }, [
      ...checkLines(c),
      ...(opts.tally ? ['DÉPOUILLEMENT VÉRIFIÉ : preuves des déchiffrements partiels, combinaison et résultats annoncés concordent.'] : []),
    ]);
  }));

await runProgram(program, process.argv);
