// Run in a child process by clients.test.ts: ari-client@2.2.0 with a wrong password rejects with a plain
// string AND throws it as an uncaught exception, killing the process (a documented client quirk).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ari = require('ari-client') as { connect(url: string, user: string, pass: string): Promise<unknown> };
const url = process.argv[2]!;
ari.connect(url, 'donorline', 'wrong-secret').then(
  () => console.log('CONNECTED'),
  (err: unknown) => console.log(`REJECTED:${typeof err}:${String(err)}`),
);
setTimeout(() => console.log('STILL-ALIVE'), 3000);
