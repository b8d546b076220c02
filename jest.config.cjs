// One jest run for the whole repository; DB-backed suites run themselves against
// both PGlite and PostgreSQL (see test/src/databases.ts).
// Staff passwords hashed at a test-sized scrypt cost, 2^10 instead of 2^15 (libs/server-kit/src/password.ts):
// the stations and platforms that tests start, in their own process or as child processes, hash and check
// thousands of passwords, which cost about a tenth of the suite's CPU at the production cost. The child
// processes read SCRUTIN_PASSWORD_LOG_N (set here, before jest starts its workers, unless already set); the
// test files' own modules get the jest global. password.test.ts checks the production cost itself.
const TEST_PASSWORD_LOG_N = 10;
process.env.SCRUTIN_PASSWORD_LOG_N ??= String(TEST_PASSWORD_LOG_N);

module.exports = {
  // Node's environment, which also records each test's duration against its timeout (scripts/test-summary.mjs).
  testEnvironment: '<rootDir>/scripts/jest-environment.cjs',
  // Tests run the TypeScript sources of @scrutin/* (package "exports", condition scrutin-source); the
  // processes they start (bins) run the compiled dist/, brought up to date once here: scripts/build.mjs.
  testEnvironmentOptions: { customExportConditions: ['scrutin-source', 'node', 'node-addons'] },
  globalSetup: '<rootDir>/scripts/jest-global-setup.cjs',
  // dist/ matches the sources once the global set-up has run: worker threads that tests start run it rather
  // than compiling the TypeScript again in each thread (libs/server-kit/src/workers.ts, workerEntry).
  globals: { SCRUTIN_TEST_WORKERS_FROM_DIST: true, SCRUTIN_TEST_PASSWORD_LOG_N: TEST_PASSWORD_LOG_N },
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }] },
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scrutin)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/**/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts', '<rootDir>/scanner-drivers/**/*.test.ts'],
  // test/src/ha starts PostgreSQL clusters, nodes and a proxy: one bounded job of its own (npm run test:ha).
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    ...(process.env.SCRUTIN_HA_TESTS ? [] : ['/test/src/ha/']),
    // Space-separated path patterns a run leaves out: scripts/test.sh's second time zone runs only the
    // files that read, write or show a date or a time (the rules are there).
    ...(process.env.SCRUTIN_SKIP_TESTS ?? '').split(/\s+/).filter(Boolean),
  ],
  testTimeout: 60000,
};
