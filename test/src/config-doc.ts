/**
 * The configuration table of docs/operations.md (« Configuration »), rendered from the apps' declared
 * variables (station/src/config.ts, platform/src/config.ts): config-doc.test.ts checks the document holds it.
 */
import type { EnvVariables } from '@scrutin/server-kit/env-config.js';
import { STATION_VARIABLES } from '@scrutin/station/config.js';
import { PLATFORM_VARIABLES } from '@scrutin/platform/config.js';

const rows = (app: string, variables: EnvVariables): string[] =>
  Object.values(variables).map((v) => `| ${app} | \`${v.name}\` | ${v.default === undefined ? '' : `\`${v.default}\``} | ${v.unit ?? ''} | ${v.description.replace(/\|/g, '\\|')} |`);

/** The Markdown table, one row per variable and app (a variable both apps read has two rows). */
export function renderConfigTable(): string {
  return ['| app | variable | default | unit | meaning |', '|---|---|---|---|---|', ...rows('station', STATION_VARIABLES), ...rows('platform', PLATFORM_VARIABLES)].join('\n');
}
