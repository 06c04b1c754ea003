export { openBridgeDatabase, prepareBridgeDatabase, dbConfigOf, type BridgeDatabase, type BridgeDatabaseOptions, type DbLog } from './bridge-database.js';
export { derivePiiKeys, checkPiiKeys, type PiiKeyCheck } from './pii-keys.js';
