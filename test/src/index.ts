export { createTestDatabase, createServerDatabase, describeEachDatabase, databaseKinds, type TestDatabase } from './databases.js';
