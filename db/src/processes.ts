/**
 * Whether a process numbered `pid` exists on this machine: signal 0 checks without sending anything; EPERM
 * means it exists but belongs to another user. Used to tell a folder's owner that died (a PGlite data folder's
 * lock, a scratch folder left by a crashed initdb) from one still at work. A number reused by a new process
 * reads as alive: callers then keep what they would have removed.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
