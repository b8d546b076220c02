export type { Db, Queryable, QueryResult, DatabaseKind } from './db.js';
export { openDatabase, type OpenOptions } from './factory.js';
export { migrate, MigrationError, listMigrations } from './migrate.js';
export { isUniqueViolation, isRetryable } from './errors.js';
export { makePrivateFolder } from './private-files.js';
export { withSlowQueryLog, type SlowQuery } from './query-log.js';
