import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A pseudo-terminal pair made by socat: the scanner side is opened by the driver, the device side is written to. */
export interface PtyPair {
  scannerPath: string;
  devicePath: string;
  process: ChildProcess;
  close(): Promise<void>;
}

export async function startPtyPair(scannerPath: string, devicePath: string): Promise<PtyPair> {
  const child = spawn('socat', [`pty,raw,echo=0,link=${scannerPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: 'ignore' });
  const start = Date.now();
  while (!(existsSync(scannerPath) && existsSync(devicePath))) {
    if (Date.now() - start > 5000 || child.exitCode !== null) throw new Error('socat n’a pas créé la paire de pseudo-terminaux');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    scannerPath,
    devicePath,
    process: child,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
