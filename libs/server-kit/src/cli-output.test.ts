// Files a command writes for the operator (--out): whole or not at all, private, and mistakes in French.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { CliError, openOutput, runProgram, writeOutput, type CliEnv } from './cli.js';

const root = mkdtempSync(join(tmpdir(), 'scrutin-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = { cwd: root, env: {}, out: () => undefined, err: () => undefined, db: () => Promise.reject(new Error('pas de base')), inStation: false } satisfies CliEnv;
const refusal = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error('pas de refus');
};

test('a new file, and a file replaced whatever its mode, are private; a link is replaced, not followed', () => {
  writeOutput(env, 'nouveau.csv', 'a;b\n');
  expect([readFileSync(join(root, 'nouveau.csv'), 'utf8'), lstatSync(join(root, 'nouveau.csv')).mode & 0o777]).toEqual(['a;b\n', 0o600]);
  writeFileSync(join(root, 'ancien.csv'), 'ancien');
  chmodSync(join(root, 'ancien.csv'), 0o644);
  writeOutput(env, 'ancien.csv', 'nouveau');
  expect([readFileSync(join(root, 'ancien.csv'), 'utf8'), lstatSync(join(root, 'ancien.csv')).mode & 0o777]).toEqual(['nouveau', 0o600]);
  writeFileSync(join(root, 'cible.txt'), 'à garder');
  symlinkSync(join(root, 'cible.txt'), join(root, 'lien.csv'));
  writeOutput(env, 'lien.csv', 'écrit');
  expect(lstatSync(join(root, 'lien.csv')).isSymbolicLink()).toBe(false);
  expect(readFileSync(join(root, 'cible.txt'), 'utf8')).toBe('à garder');
});

test('a command that fails leaves an existing file as it was and no partial file', () => {
  writeFileSync(join(root, 'garde.csv'), 'avant');
  const file = openOutput(env, 'garde.csv');
  file.write('moitié');
  file.abort();
  expect(readFileSync(join(root, 'garde.csv'), 'utf8')).toBe('avant');
  expect(readdirSync(root).filter((n) => n.endsWith('.partiel'))).toEqual([]);
});

test('a missing folder, a folder, « - » and an empty name are refused in French', () => {
  expect(refusal(() => writeOutput(env, 'absent/p.csv', 'x'))).toBe('« absent/p.csv » introuvable (pour écrire un fichier, son dossier doit exister).');
  mkdirSync(join(root, 'dossier'));
  expect(refusal(() => writeOutput(env, 'dossier', 'x'))).toBe('« dossier » est un dossier : donnez un nom de fichier.');
  expect(refusal(() => writeOutput(env, '-', 'x'))).toMatch(/^« - » n'est pas un nom de fichier/);
  expect(refusal(() => writeOutput(env, '', 'x'))).toMatch(/n'est pas un nom de fichier/);
  expect(readdirSync(root).filter((n) => n.endsWith('.partiel'))).toEqual([]);
});

test('a file error thrown by any command is the operator’s mistake: French, exit 1, no stack', async () => {
  const errors: string[] = [];
  const program = new Command('essai');
  program.command('lire').action(() => void readFileSync(join(root, 'absent', 'f.json')));
  const code = await runProgram(program, ['lire'], { out: () => undefined, err: (t) => void errors.push(t) });
  expect(code).toBe(1);
  expect(errors.join('')).toBe(`Erreur : « ${join(root, 'absent', 'f.json')} » introuvable (pour écrire un fichier, son dossier doit exister).\n`);
});
