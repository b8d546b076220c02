// The bins and servers that tests start run the compiled dist/ (scripts/build.mjs): compile once here,
// before parallel test files start them, rather than let the first few race to do it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = () => {
  execFileSync(process.execPath, [join(__dirname, 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
};
