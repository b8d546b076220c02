// Test helpers of @scrutin/station, behind their own export path ('@scrutin/station/testing') as evote's are, so
// that the station's entries carry only the product: a real key ceremony with sealed share files and urns of a
// known tally for the unsealing, and a realistic report's data. For tests and benchmarks; shipped code does not
// import them (test/src/import-graph.test.ts).
export { expectedFor, makeUrnLines, marksFor, testCeremony, type ExpectedUrn, type TestCeremony } from './unseal.js';
export { makeReportData, type FixtureOptions } from './reports.js';
