/**
 * The station's SQL, one module per aggregate (issue 16 item 3, docs/design.md « Stockage : src/store/ »):
 * small named functions taking the executor first; the services own the transactions.
 */
export * as approvals from './approvals.js';
export * as candidates from './candidates.js';
export * as certificates from './certificates.js';
export * as countSheets from './count-sheets.js';
export * as counters from './counters.js';
export * as database from './database.js';
export * as decisions from './decisions.js';
export * as documents from './documents.js';
export * as election from './election.js';
export * as emargements from './emargements.js';
export * as freeze from './freeze.js';
export * as lifecycle from './lifecycle.js';
export * as loginFailures from './login-failures.js';
export * as proclamations from './proclamations.js';
export * as purge from './purge.js';
export * as recentScans from './recent-scans.js';
export * as results from './results.js';
export * as roll from './roll.js';
export * as rollStaging from './roll-staging.js';
export * as scans from './scans.js';
export * as seals from './seals.js';
export * as stations from './stations.js';
export * as tally from './tally.js';
export * as users from './users.js';
