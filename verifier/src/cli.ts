// scrutin-verify-urn: the independent verifier's command line (docs/formats/urn.md §6, evote/README.md).
// Exit code 0 when everything asked for is verified, 1 on any refusal or error.
import { parseArgs } from 'node:util';
import { loadGroup } from './group.js';
import { verify } from './verify.js';

const HELP = `Usage: scrutin-verify-urn [options]

Vérificateur indépendant de l’urne électronique et de son dépouillement, à
partir des seules données publiques (docs/formats/urn.md ; libsodium et OpenSSL)

Options:
  --urn <fichier>                         fichier d’urne (JSON Lines)
  --tally <fichier>                       dépouillement électronique annoncé
  --election-key <fichier>                clé d’élection publiée à la cérémonie, lue avec tout le dossier public de la cérémonie (contributions, preuves, confirmations, journal)
  --platform-key-fingerprint <empreinte>  empreinte de la clé de plateforme relevée au scellement
  --receipts <fichier>                    reçus de vote à retrouver dans l’urne scellée (tableau JSON ou une ligne JSON par reçu)
  --workers <n>                           fils de calcul pour les preuves des bulletins (0 : un seul fil) (défaut : 2)
  --json                                  sortie JSON
  -h, --help                              affiche cette aide
`;

const URN_OK = 'URNE INTÈGRE : sceau, racine de Merkle, signature de la plateforme et toutes les preuves vérifiés.';
const CEREMONY_OK = 'CÉRÉMONIE DES CLÉS VÉRIFIÉE : journal, preuves de connaissance de chaque coefficient, clé publique et empreinte recalculées ; l’urne est chiffrée sous cette clé.';
const TALLY_OK = 'DÉPOUILLEMENT VÉRIFIÉ : preuves des déchiffrements partiels, combinaison et résultats annoncés concordent.';

function usageError(message: string, json: boolean): never {
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: message, details: [] }, null, 2) + '\n');
  else process.stderr.write(`Erreur : ${message}. Voir --help.\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        urn: { type: 'string' }, tally: { type: 'string' }, 'election-key': { type: 'string' }, 'platform-key-fingerprint': { type: 'string' },
        receipts: { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    const message = (e as Error).message;
    const option = /'([^']+)'/.exec(message)?.[1];
    if (/Unknown option/.test(message)) usageError(`option inconnue (« ${option ?? message} »)`, json);
    if (/argument missing/.test(message)) usageError(`valeur manquante pour l’option « ${option ?? message} »`, json);
    usageError(`arguments invalides (${message})`, json);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  for (const required of ['urn', 'election-key']) if (typeof values[required] !== 'string') usageError(`option obligatoire manquante « --${required} <fichier> »`, json);
  if (values.workers !== undefined && !/^\d+$/.test(String(values.workers))) usageError(`« --workers » attend un entier, pas « ${String(values.workers)} »`, json);
  await loadGroup();
  const started = Date.now();
  // Long urns only (every 1,000 ballots): the total is known at the seal, so the share of the file read stands for it.
  const progress = (checked: number, fractionRead: number) =>
    process.stderr.write(`Bulletins vérifiés : ${checked} (environ ${Math.round(fractionRead * 100)} % du fichier lu, ${Math.round((Date.now() - started) / 1000)} s)\n`);
  const verdict = await verify({
    urn: values.urn as string,
    electionKey: values['election-key'] as string,
    tally: values.tally as string | undefined,
    platformKeyFingerprint: values['platform-key-fingerprint'] as string | undefined,
    receipts: values.receipts as string | undefined,
    progress,
    workers: values.workers === undefined ? 2 : Number(values.workers),
  });
  if (verdict.kind === 'fatal') {
    if (json) process.stdout.write(JSON.stringify({ ok: false, error: verdict.error, details: [] }, null, 2) + '\n');
    else process.stderr.write(`Erreur : ${verdict.error}\n`);
    return 1;
  }
  const { report, problems } = verdict;
  if (json) {
    const body = problems.length === 0
      ? {
        ok: true, electionCode: report.header.manifest.electionCode, manifestFingerprint: report.header.manifestFingerprint, ballotCount: report.ballotCount,
        perUrn: report.perUrn, merkleRoot: report.merkleRoot, closedAt: report.seal?.closedAt ?? null, platformKeyFingerprint: report.platformKeyFingerprint,
        problems, tally: verdict.tally, receipts: verdict.receiptsVerified,
      }
      : { ok: false, error: 'vérification refusée.', details: problems };
    process.stdout.write(JSON.stringify(body, null, 2) + '\n');
    return problems.length === 0 ? 0 : 1;
  }
  if (problems.length > 0) {
    process.stderr.write(`Erreur : vérification refusée.\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    return 1;
  }
  const perUrn = Object.entries(report.perUrn).map(([id, n]) => `${id} : ${n}`).join(', ');
  const lines = [
    URN_OK,
    `Scrutin : ${report.header.manifest.electionCode}    empreinte ${report.header.manifestFingerprint}`,
    `Bulletins : ${report.ballotCount}  (${perUrn})`,
    `Racine de Merkle : ${report.merkleRoot}    clôture : ${report.seal?.closedAt ?? ''}`,
    `Empreinte de la clé de la plateforme : ${report.platformKeyFingerprint}`,
    CEREMONY_OK,
    ...(verdict.tally ? [TALLY_OK] : []),
    ...(verdict.receiptsVerified !== null ? [`REÇUS VÉRIFIÉS : ${verdict.receiptsVerified} reçu(s) retrouvé(s) dans l’urne scellée, sur la chaîne des lots que signe leur tête.`] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
