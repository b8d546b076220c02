// Test helpers of @scrutin/platform, behind their own export path ('@scrutin/platform/testing') as evote's are, so
// that the platform's entries carry only the product: a small election loaded without a station, the booth's
// encryption and the voters' letters in memory, an in-memory key ceremony, and a fresh platform database per
// database kind. For tests and benchmarks; shipped code does not import them (test/src/import-graph.test.ts).
// booth.ts, the set-up of the platform's own browser tests (it builds the booth and starts a server), is not
// re-exported: nothing outside the platform uses it.
export { encryptForUrns, issueLettersInMemory, loadAndOpenWithoutLetters, runCeremony, testLoadFile } from './election.js';
export { createPlatformTestDatabase, describeEachPlatformDatabase, openPlatformMemoryDatabase, platformTemplate, type PlatformTestDb } from './databases.js';
