// Everything the CLI commands call that is heavy to load (pdf-lib, fontkit, zxcvbn, express, node-forge…),
// imported on first use (`services()`), so that `scrutin --help` and the commands that need none of it
// start in a fraction of a second (bench/RESULTS.md, « Démarrage de la CLI »).

// zod's own messages in French before any schema parses (the station's other entry points import it too).
import '@scrutin/basics/french-messages.js';

export { changePassword, countUsers, createUser, deactivateUser, resetPassword } from '../auth/users.js';
export { offThread } from '../basics/off-thread.js';
export { serverLog } from '@scrutin/server-kit/server-log.js';
export { addCandidate, validateCandidates } from '../candidates/candidates.js';
export { createCertificate, importCertificate } from '../counting/certificate.js';
export { exportResults, generateReport } from '../counting/documents.js';
export { countStatus, enterCountSheet, enterSheetSchema, validateUrnCount } from '../counting/count-sheets.js';
export { importSignedTally, makeSignedTally, plausibleTally } from '../counting/electronic-tally.js';
export { freezeElection } from '../counting/freeze.js';
export { purgePersonalData } from '../counting/purge.js';
export { expectedFor } from '../counting/unseal-test-urn.js';
export { demoSheet } from '../counting/demo-sheet.js';
export { checkUrnForStation, combineUnsealing, contributeToUnsealing, unsealedTallyFile, importUrnTally, openUnsealing, sha256File, stationManifest, unsealingStatus } from '../counting/unseal.js';
export { advanceElection } from '../lifecycle/advance.js';
export { createElection, getElection, listUrns } from '../election/election.js';
export { readPrintedHead } from '../reports/printed-head.js';
export { verifyJournal } from '../journal/verify.js';
export { compareSigner, consolidateExports, normaliseFingerprint, parseTrustList, signerLines, verifyBundle, verifyReportPdf, verifyResultsJson } from '../reports/index.js';
export { loadResults, loadUrnBases } from '../results/results.js';
export { resultsText } from '../results/text.js';
export { generateRollLines } from '../roll/generate.js';
export { getRollReport, importRoll, validateRoll } from '../roll/import.js';
export { emargementCsv, listEmargement, readCounters } from '../scanning/counters.js';
export { importElectronicEmargement } from '../scanning/electronic-emargement.js';
export { generatePlatformKey, signEmargement } from '@scrutin/contract/electronic-emargement.js';
export { SET_ASIDE_REASON_LABELS } from '../reports/report-data.js';
export { confirmElectronicPriority, confirmSchema, listSetAside } from '../scanning/president.js';
export { scan } from '../scanning/scan.js';
export { getSeal } from '../scanning/seal.js';
export { issueStationToken } from '../scanning/stations.js';
export { startStation } from '../server.js';
export { parseMix, simulate } from './simulate.js';
export * as store from '../store/index.js';
export { withSlowQueryLog } from '@scrutin/db';
export { ElectionKeySchema } from '@scrutin/evote';
