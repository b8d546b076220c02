// PGlite is PostgreSQL compiled to WebAssembly. V8 compiles it with its baseline compiler (Liftoff), then
// recompiles the hot functions with its optimising one (TurboFan) on background threads. A CLI command
// lasts a second or two: that second compilation costs it more CPU than it saves (measured here: `scrutin
// journal verify` on PGlite 3.5 → 2.3 s of CPU and 2.7 → 2.2 s; the first command on a new data folder,
// which runs initdb, 11 → 6.8 s of CPU), whereas a server's or a bulk import's queries run about 1.5×
// faster once optimised (bench/RESULTS.md, « CLI start-up »). So a short command runs on the baseline
// compiler alone, and the commands named here keep V8's default.
import { setFlagsFromString } from 'node:v8';

/**
 * True when the command (its words before the first option, e.g. `roll import` in `roll import l.csv
 * --as admin`, or the words of `argv` up to its end) is one of `longRunning` or starts with one of them.
 */
export function isLongRunning(argv, longRunning) {
  const words = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    words.push(a);
  }
  const command = words.join(' ');
  return longRunning.some((c) => command === c || command.startsWith(`${c} `));
}

/**
 * Sets V8's `--liftoff-only` unless `isLongRunning(argv, longRunning)`. Must run before the CLI imports
 * PGlite: a flag set after V8 started affects only later compilations, which is what is wanted here.
 */
export function fitWasmTiering(argv, longRunning) {
  if (!isLongRunning(argv, longRunning)) setFlagsFromString('--liftoff-only');
}
