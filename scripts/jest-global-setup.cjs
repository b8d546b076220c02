// The bins and servers that tests start run the compiled dist/ (scripts/build.mjs): compile once here,
// before parallel test files start them, rather than let the first few race to do it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
  execFileSync(process.execPath, [join(__dirname, 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
  // The migrated PGlite copies the memory:// test databases start from (test/src/databases.ts), from the
  // TypeScript sources as the tests see them; at once when they exist.
  execFileSync(process.execPath, ['--conditions=scrutin-source', '--import', 'tsx', join(__dirname, '..', 'test', 'src', 'pglite-templates.ts')], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
};
