export type { Db, Queryable, QueryResult, DatabaseKind, TransactionOptions } from './db.js';
export { openDatabase, type OpenOptions, type Tarball } from './factory.js';
export { migrate, MigrationError, listMigrations } from './migrate.js';
export { isUniqueViolation, isRetryable, isConnectionLoss, DatabaseUnavailableError, NestedDatabaseUseError } from './errors.js';
export { retryOnConnectionLoss } from './retry.js';
export { makePrivateFolder } from './private-files.js';
export { processAlive } from './processes.js';
export { pgliteVersion } from './pglite-cluster.js';
export { withSlowQueryLog, type SlowQuery } from './query-log.js';
