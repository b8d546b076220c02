export { startStation, type RunningStation } from './server.js';
export { createUser } from './auth/users.js';
export { issueStationToken } from './scanning/stations.js';
export { SYSTEM_ACTOR, type Actor, type Role } from '@scrutin/domain/roles.js';
export { ok, err, type Result } from '@scrutin/basics/result.js';
export { JOURNALED_FAILURES_PER_WINDOW, summarizeLoginFailures } from './auth/login-failures.js';
