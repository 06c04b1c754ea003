/**
 * npm run db:migrate [-- --revert] — runs pending migrations on DB_URL (MySQL/MariaDB) or, with no DB_URL, on the
 * embedded SQLite file under DATA_DIR (default data/). The same migrations run on both.
 */
import { createDataSource, dbConfigFromUrl, describeDbConfig } from '../src/node.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run db:migrate [-- --revert]\n  env: DB_URL (mysql://user:pass@host:port/db; unset = SQLite data/donorline.sqlite), DATA_DIR');
  process.exit(0);
}
const cfg = dbConfigFromUrl(process.env.DB_URL, process.env.DATA_DIR ?? 'data');
const ds = createDataSource(cfg);
await ds.initialize();
try {
  console.log(`database: ${describeDbConfig(cfg)}`);
  if (args.includes('--revert')) {
    await ds.undoLastMigration({ transaction: 'each' });
    console.log('reverted the last migration');
  } else {
    const done = await ds.runMigrations({ transaction: 'each' });
    console.log(done.length ? `applied: ${done.map((m) => m.name).join(', ')}` : 'schema is up to date');
  }
} finally {
  await ds.destroy();
}
