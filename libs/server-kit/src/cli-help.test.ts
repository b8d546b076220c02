// commander's help in French: headings, defaults, choices, whatever command asks for it.
import { Command, Option } from 'commander';
import { runProgram } from './cli.js';

test('--help has French headings, defaults and choices', async () => {
  const program = new Command('essai').description('un programme');
  program
    .command('faire')
    .description('fait quelque chose')
    .argument('<fichier>', 'le fichier')
    .option('--graine <n>', 'graine', '1')
    .addOption(new Option('--mode <m>', 'mode').choices(['a', 'b']));
  const out: string[] = [];
  expect(await runProgram(program, ['faire', '--help'], { out: (t) => void out.push(t), err: () => undefined })).toBe(0);
  const help = out.join('');
  expect(help).toMatch(/^Usage : essai faire \[options\] <fichier>$/m);
  expect(help).toMatch(/^Arguments :$/m);
  expect(help).toMatch(/^Options :$/m);
  expect(help).toContain('(par défaut : "1")');
  expect(help).toContain('(valeurs : "a", "b")');
  out.length = 0;
  await runProgram(program, ['--help'], { out: (t) => void out.push(t), err: () => undefined });
  expect(out.join('')).toMatch(/^Commandes :$/m);
  expect(out.join('')).toMatch(/^Usage : essai \[options\] \[commande\]$/m);
});
