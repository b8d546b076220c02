// Test helpers of @scrutin/evote, behind their own export path ('@scrutin/evote/testing') so that the public
// index carries only the protocol: seeded test urns with a known tally, and a real three-holder ceremony run in
// memory. For tests, benchmarks and test fixtures of the other workspaces; shipped code does not import them.
export { chooseTestBallot, expectedTally, encryptTestBallots, encryptTestBallotLines, type TestBallotChoice } from './test-urn.js';
export { MANIFEST, runCeremony, type RunCeremony } from './fixtures.test-helpers.js';
