import { mkdirSync, readdirSync, readFileSync, renameSync, watch, type FSWatcher } from 'node:fs';
import { extname, join } from 'node:path';
import jpeg from 'jpeg-js';
import { ScannerEmitter, type Scanner } from '@scrutin/domain/scanner.js';
import { decodePixels, type Pixels } from './decode.js';
import { pngToPixels } from './envelopes.js';

/**
 * Document scanners and webcams that drop images in a folder: each new PNG or JPEG is decoded,
 * then moved to `done/` (read) or `failed/` (nothing found) so it is never read twice and the
 * agent can look at the failures.
 */
export interface FolderScannerOptions {
  folder: string;
  doneDir?: string;
  failedDir?: string;
  /** Polling backs up fs.watch, which misses events on some network shares. */
  pollMs?: number;
}

const imageExtensions = new Set(['.png', '.jpg', '.jpeg']);

export function readImage(file: string): Pixels {
  const buffer = readFileSync(file);
  if (extname(file).toLowerCase() === '.png') return pngToPixels(buffer);
  const decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true });
  return { data: decoded.data, width: decoded.width, height: decoded.height };
}

export class FolderScanner extends ScannerEmitter implements Scanner {
  readonly id: string;
  private watcher: FSWatcher | undefined;
  private poll: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  private readonly doneDir: string;
  private readonly failedDir: string;

  constructor(private readonly options: FolderScannerOptions) {
    super();
    this.id = `dossier:${options.folder}`;
    this.doneDir = options.doneDir ?? join(options.folder, 'lus');
    this.failedDir = options.failedDir ?? join(options.folder, 'illisibles');
  }

  async start(): Promise<void> {
    mkdirSync(this.doneDir, { recursive: true });
    mkdirSync(this.failedDir, { recursive: true });
    this.watcher = watch(this.options.folder, () => this.scan());
    this.poll = setInterval(() => this.scan(), this.options.pollMs ?? 1000);
    this.emit('connected', undefined);
    this.scan();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    if (this.poll) clearInterval(this.poll);
    this.emit('disconnected', undefined);
  }

  /** Processes every waiting image, oldest name first; re-entrant calls are ignored. */
  scan(): void {
    if (this.busy) return;
    this.busy = true;
    try {
      const files = readdirSync(this.options.folder, { withFileTypes: true })
        .filter((f) => f.isFile() && imageExtensions.has(extname(f.name).toLowerCase()))
        .map((f) => f.name)
        .sort();
      for (const name of files) this.process(name);
    } finally {
      this.busy = false;
    }
  }

  private process(name: string): void {
    const file = join(this.options.folder, name);
    let read;
    try {
      read = decodePixels(readImage(file));
    } catch (error) {
      // A file still being written fails to parse: leave it for the next pass.
      this.emit('error', new Error(`${name} : image illisible pour l’instant (${(error as Error).message})`));
      return;
    }
    renameSync(file, join(read ? this.doneDir : this.failedDir, name));
    if (read) this.emit('read', { text: read.text, symbology: read.symbology, at: new Date(), source: this.id });
    else this.emit('error', new Error(`${name} : aucun code-barres trouvé (déplacé dans ${this.failedDir})`));
  }
}
