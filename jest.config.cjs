// One jest run for the whole repository; DB-backed suites run themselves against
// both PGlite and PostgreSQL (see test/src/databases.ts).
module.exports = {
  testEnvironment: 'node',
  // Tests run the TypeScript sources of @scrutin/* (package "exports", condition scrutin-source); the
  // processes they start (bins) run the compiled dist/, brought up to date once here: scripts/build.mjs.
  testEnvironmentOptions: { customExportConditions: ['scrutin-source', 'node', 'node-addons'] },
  globalSetup: '<rootDir>/scripts/jest-global-setup.cjs',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }] },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scrutin)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/**/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/scanner-drivers/**/*.test.ts'],
  // test/src/ha starts PostgreSQL clusters, nodes and a proxy: one bounded job of its own (npm run test:ha).
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    ...(process.env.SCRUTIN_HA_TESTS ? [] : ['/test/src/ha/']),
    // The README run as written (two whole walk-throughs, minutes each): once per `npm test`, in its first
    // time zone only (scripts/test.sh); the zone rules are covered file by file in both.
    ...(process.env.SCRUTIN_SKIP_README_SCRIPT ? ['/test/src/readme-script'] : []),
  ],
  testTimeout: 60000,
};
