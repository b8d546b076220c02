// The station's SQL, one namespace per aggregate (docs/design.md, « Stockage : src/store/ »):
// services call `store.users.insertUser(tx, …)` inside the transactions they own.
export * as candidates from './candidates.js';
export * as database from './database.js';
export * as election from './election.js';
export * as lifecycle from './lifecycle.js';
export * as loginFailures from './login-failures.js';
export * as recentScans from './recent-scans.js';
export * as roll from './roll.js';
export * as rollStaging from './roll-staging.js';
export * as users from './users.js';
