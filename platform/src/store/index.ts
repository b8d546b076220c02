// Every SQL statement of the platform, one module per aggregate (docs/design.md, « Stockage : src/store/ »).
// Services call them with their transaction: `store.urn.insertBatch(tx, …)`.
export * as closingSeal from './closing-seal.js';
export * as election from './election.js';
export * as emargement from './emargement.js';
export * as events from './events.js';
export * as health from './health.js';
export * as roles from './roles.js';
export * as signingKey from './signing-key.js';
export * as staff from './staff.js';
export * as stationExport from './station-export.js';
export * as suspensions from './suspensions.js';
export * as urn from './urn.js';
export * as voterSessions from './voter-sessions.js';
export * as voters from './voters.js';
