export { createTestDatabase, createServerDatabase, describeEachDatabase, databaseKinds, pgliteTemplate, type TestDatabase } from './databases.js';
export { ApiClient } from './api-client.js';
export { startFixture, setUpElection, exampleDefinition, createTestUser, createTestUsers, newRequestId, TEST_USERS, PASSWORD, REPO_ROOT, type Fixture } from './station-fixture.js';
export { terminateBusyBackends, expectCleanOutage } from './outage.js';
