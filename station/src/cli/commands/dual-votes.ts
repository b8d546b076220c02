import type { Command } from 'commander';
import { plural } from '@scrutin/basics/french.js';
import type { SetAsideEnvelope } from '@scrutin/contract/scanning-types.js';
import { CliError, report, type CliEnv } from '@scrutin/server-kit/cli.js';
import { authenticate, requireRole } from '../authenticate.js';
import type { StationConfig } from '../../config.js';

// Each command imports the modules it calls when it runs: `scrutin --help` loads none, and a command loads
// only its own (pdf-lib, node-forge, express… only where used; bench/RESULTS.md, « CLI start-up »).

type Common = { json?: boolean; as?: string; passwordFile?: string };

// Pending as the service counts it (confirmElectronicPriority): no CONFIRM decision yet.
const pendingOf = (envelopes: SetAsideEnvelope[]) => envelopes.filter((e) => e.confirmedAt === null);

/**
 * `scrutin dual-votes`: the president's confirmation of the envelopes set aside because their voter
 * also voted by internet (art. 13, R.713-64: only the electronic vote counts), the same service as the
 * dashboard's « Votes doubles » (POST /api/president/confirm), journaled as `president.confirm`.
 * The results cannot be proclaimed while one awaits confirmation (counting/proclamation.ts).
 */
export function registerDualVoteCommands(program: Command, env: CliEnv, config: StationConfig): void {
  const dual = program.command('dual-votes').description('votes doubles : plis de votants par internet mis à part, confirmés par le président (article 13)');
  dual
    .command('list')
    .description('liste les plis mis à part pour vote par internet et ceux qui attendent la confirmation du président')
    .option('--pending', 'affiche seulement le nombre de plis en attente de confirmation')
    .option('--json', 'sortie JSON')
    .action(async (o: { pending?: boolean; json?: boolean }) => {
      const { listSetAside } = await import('../../scanning/president.js');
      const envelopes = await listSetAside(await env.db(), { verdict: 'ELECTRONIC_PRIORITY' });
      const pending = pendingOf(envelopes);
      if (o.pending && !o.json) return env.out(`${pending.length}\n`);
      report(env, o.json, { pending: pending.length, envelopes }, () =>
        [
          ...envelopes.map((e) => `n° ${String(e.scanId).padStart(6)}  ${e.barcode}  ${e.quality ?? 'qualité inconnue'}  ${e.stationId}  ${e.confirmedAt ? 'confirmé' : 'EN ATTENTE'}`),
          `${plural(envelopes.length, 'pli mis à part', 'plis mis à part')} pour vote par internet, dont ${pending.length} en attente de confirmation.`,
        ].join('\n'),
      );
    });
  dual
    .command('confirm')
    .description('le président confirme les votes doubles : le lot recompté (--count) ou des lectures désignées (--scan)')
    .option('--count <n>', 'nombre de plis recomptés dans la pile : confirme tous les plis en attente s’il est exact', (v) => Number(v))
    .option('--scan <numéros>', 'numéros de lecture séparés par des virgules (dual-votes list)')
    .option('--as <identifiant>', 'compte qui agit (mot de passe : SCRUTIN_PASSWORD ou --password-file)')
    .option('--password-file <fichier>', 'fichier contenant le mot de passe')
    .option('--json', 'sortie JSON')
    .action(async (o: Common & { count?: number; scan?: string }) => {
      if ((o.count === undefined) === (o.scan === undefined)) throw new CliError('Indiquez soit --count (le lot recompté), soit --scan (des lectures désignées).');
      const input = o.count !== undefined ? { batch: { verdict: 'ELECTRONIC_PRIORITY', expectedCount: o.count } } : { scanIds: o.scan!.split(',').map((s) => Number(s.trim())) };
      const { confirmElectronicPriority, confirmSchema } = await import('../../scanning/president.js');
      const parsed = confirmSchema.safeParse(input);
      if (!parsed.success) {
        throw new CliError(o.count !== undefined ? '--count : nombre entier positif de plis attendu (rien à confirmer si la pile est vide).' : '--scan : numéros de lecture entiers positifs attendus.');
      }
      const db = await env.db();
      const actor = requireRole(await authenticate(env, config, db, o), ['president']);
      const r = await confirmElectronicPriority(db, actor, parsed.data);
      if (!r.ok) throw new CliError(r.error.message);
      report(env, o.json, r.value, () => `${plural(r.value.confirmed, 'double vote confirmé', 'doubles votes confirmés')} : ces plis restent fermés, seul le vote par internet compte.`);
    });
}
