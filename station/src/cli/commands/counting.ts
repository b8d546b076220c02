import type { Command } from 'commander';
import type { CliEnv } from '../context.js';

/** Counting, reports, bundle and purge commands (filled by the counting work). */
export function registerCountingCommands(_program: Command, _env: CliEnv): void {}
