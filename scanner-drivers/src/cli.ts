import { Command } from 'commander';
import { processIo, runProgram } from '@scrutin/server-kit/cli.js';
import { loadConfig, type BridgeConfig, type Flags } from './config.js';
import { listSerialDevices, SerialScanner } from './serial/serial-scanner.js';
import { SimulatedScanner } from './simulator.js';
import { Bridge } from './bridge/bridge.js';
import type { Scanner } from '@scrutin/domain/scanner.js';
import { z } from 'zod';

// The configuration file is read through zod, whose own messages then reach the operator: in French.
z.config(z.locales.fr());

async function makeScanner(config: BridgeConfig): Promise<Scanner> {
  switch (config.source) {
    case 'serial': {
      const s = config.serial!;
      return new SerialScanner({
        path: s.path,
        baudRate: s.baudRate,
        framing: { prefix: s.prefix, suffix: s.suffix, terminator: s.terminator },
        reconnect: config.reconnect,
      });
    }
    case 'folder': {
      const { FolderScanner } = await import('./image/node-folder.js');
      return new FolderScanner({ folder: config.folder!.path, doneDir: config.folder!.doneDir });
    }
    case 'simulate':
      return new SimulatedScanner({ barcodes: config.simulate?.barcodes, intervalMs: config.simulate?.intervalMs });
  }
}

async function run(flags: Flags & { list?: boolean }): Promise<number> {
  if (flags.list) {
    const devices = await listSerialDevices();
    if (flags.json) console.log(JSON.stringify(devices));
    else if (devices.length === 0) console.log('Aucun port série détecté.');
    else for (const d of devices) console.log(`${d.path}\t${d.manufacturer ?? ''}\t${d.vendorId ? `${d.vendorId}:${d.productId ?? ''}` : ''}`.trimEnd());
    return 0;
  }
  const loaded = loadConfig(flags);
  if (!loaded.ok) {
    console.error(`Configuration invalide :\n${loaded.error}`);
    return 2;
  }
  const config = loaded.value;
  const scanner = await makeScanner(config);
  const log = config.json ? (line: string) => console.log(JSON.stringify({ message: line })) : (line: string) => console.log(line);
  let fatal: string | undefined;
  let bridge: Bridge;
  const done = new Promise<void>((resolve) => {
    bridge = new Bridge(scanner, {
      stationUrl: config.station,
      token: config.token,
      queueFile: config.queueFile,
      backoff: config.retry,
      feedback: config.feedback,
      log,
      onSettled: config.json ? (entry, answer) => console.log(JSON.stringify({ ...entry, replayed: answer?.replayed ?? false })) : undefined,
      onFatal: (message) => {
        fatal = message;
        resolve();
      },
    });
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  scanner.on('connected', () => log(`Lecteur ${scanner.id} connecté.`));
  scanner.on('disconnected', () => log(`Lecteur ${scanner.id} déconnecté : reconnexion automatique…`));
  scanner.on('error', (error) => log(`Lecteur ${scanner.id} : ${error.message}`));
  await bridge!.start();
  const waiting = bridge!.queue.pending().length;
  log(`Pont vers ${config.station} démarré${waiting ? ` ; ${waiting} lecture(s) en attente d’envoi` : ''}.`);
  await done;
  await bridge!.stop();
  if (fatal) {
    console.error(fatal);
    return 3;
  }
  return 0;
}

/**
 * Runs `scrutin-scanner` with the user's words (`argv`, no node nor script path) and returns its exit code:
 * 0 after help, 2 for a usage error or an invalid configuration, 3 when the station refuses the bridge for
 * good; the bridge's own unexpected errors are thrown to the launcher. The options are parsed by the server
 * kit's runProgram, as every CLI of ours.
 */
export async function main(argv: string[]): Promise<number> {
  let flags: (Flags & { list?: boolean }) | undefined;
  const program = new Command('scrutin-scanner')
    .description('Relie un lecteur de codes-barres à une station Scrutin, sans perdre aucune lecture.')
    .option('--config <fichier>', 'fichier de configuration JSON')
    .option('--station <url>', 'adresse de la station, ex. http://127.0.0.1:8080')
    .option('--token <jeton>', 'jeton de station (ou variable SCRUTIN_STATION_TOKEN)')
    .option('--serial <port>', 'port série du lecteur, ex. /dev/ttyUSB0')
    .option('--baud <vitesse>', 'vitesse du port série (9600 par défaut)')
    .option('--folder <dossier>', 'dossier surveillé où arrivent les images (PNG, JPEG)')
    .option('--simulate', 'lecteur simulé (démonstration, formation)')
    .option('--queue <fichier>', 'file d’attente locale sur disque')
    .option('--list', 'affiche les ports série détectés et quitte')
    .option('--json', 'sortie JSON, une ligne par lecture')
    .helpOption('-h, --help', 'affiche cette aide')
    // The bridge's usage errors keep the wording they always had (« erreur : unknown option … »): runProgram's
    // translation matches commander's « error: » only, so it leaves them as they are.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error:/, 'erreur :')) })
    .action(() => void (flags = program.opts()));
  const code = await runProgram(program, argv, processIo);
  // The bridge runs after runProgram, not in it: its exit codes (2, 3) are its own, and an unexpected error
  // reaches the launcher (« Erreur inattendue », exit 1) rather than runProgram's 70.
  return flags ? run(flags) : code;
}
