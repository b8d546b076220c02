import type { Db } from '@scrutin/db';
import { CliError, readPassword, type CliEnv } from '@scrutin/server-kit/cli.js';
import { reservedToRoles, type Actor, type Role } from '@scrutin/domain/roles.js';
import type { StationConfig } from '../config.js';

/**
 * Commands that change the election act as a named account, authenticated like the web:
 * --as LOGIN with the password from SCRUTIN_PASSWORD or --password-file. As on the web, an account
 * still holding its one-time password may do nothing but replace it (`scrutin password change`), which
 * alone passes `oneTimePasswordAllowed`. `config` holds SCRUTIN_PASSWORD as the configuration read it.
 */
export async function authenticate(
  env: CliEnv,
  config: Pick<StationConfig, 'password'>,
  db: Db,
  options: { as?: string; passwordFile?: string },
  stationId = 'console',
  oneTimePasswordAllowed = false,
): Promise<{ actor: Actor; roles: Role[] }> {
  if (!options.as) throw new CliError('Indiquez le compte qui agit : --as IDENTIFIANT (mot de passe dans SCRUTIN_PASSWORD ou --password-file).');
  // Loaded here rather than at the top: password hashing and its policy are heavy, and `--help` needs neither.
  const { checkCredentials } = await import('../auth/users.js');
  const user = await checkCredentials(db, options.as, readPassword(env, options, config.password));
  if (!user) throw new CliError('Identifiant ou mot de passe incorrect.');
  if (user.mustChangePassword && !oneTimePasswordAllowed) {
    throw new CliError(
      `Le compte « ${user.login} » a encore son mot de passe à usage unique : remplacez-le d'abord par « scrutin password change --as ${user.login} » (nouveau mot de passe dans SCRUTIN_NEW_PASSWORD ou --new-password-file).`,
      [],
      3,
    );
  }
  return { actor: { userId: user.id, login: user.login, role: user.roles[0]!, stationId }, roles: user.roles };
}

/** The first of the account's roles among those allowed, or a French refusal. */
export function requireRole(who: { actor: Actor; roles: Role[] }, allowed: readonly Role[]): Actor {
  const role = allowed.find((r) => who.roles.includes(r));
  if (!role) throw new CliError(reservedToRoles(allowed), [], 3);
  return { ...who.actor, role };
}
