import type { Express } from 'express';
import type { CliEnv } from '@scrutin/server-kit/cli.js';
import { mountConsole } from '@scrutin/server-kit/console.js';
import type { Context } from './station-route.js';

/** The station's `scrutin` command runner (cli/main.ts), given to the app rather than imported by it. */
export type StationCli = (argv: string[], env: CliEnv) => Promise<number>;

/**
 * The station's console: forwarded `scrutin` commands run with `runCli` on the station's own database.
 * `runCli` is injected by whoever starts the station (`scrutin serve`), so that the HTTP layer does not
 * import the CLI that starts it (an import circle until issue 16).
 */
export function mountStationConsole(app: Express, ctx: Context, console: { token: string; runCli: StationCli }, url: () => string): void {
  mountConsole(app, console.token, 'du poste', async (command, output) => {
    const code = await console.runCli(command.argv, {
      ...output,
      cwd: command.cwd,
      env: { ...process.env, SCRUTIN_PASSWORD: command.password ?? undefined, SCRUTIN_NEW_PASSWORD: command.newPassword ?? undefined, SCRUTIN_STATION_URL: url() },
      inStation: true,
      db: async () => ctx.db,
    });
    ctx.events.publish('counters');
    return code;
  });
}
