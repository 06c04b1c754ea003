/** @donorline/domain/testing — DB test helpers for every workspace (Node only, never imported by apps). */
export { openTestDatabase, type TestDatabase, type TestDbKind } from './test-db.js';
export { describeEachDb, type DbTestContext } from './describe-each-db.js';
export { MYSQL_TEST, IN_CI, type MysqlAvailability } from './mysql-server.js';
export * from './builders.js';
export * from './becs-fixtures.js';
export * from './qa-fixtures.js';
