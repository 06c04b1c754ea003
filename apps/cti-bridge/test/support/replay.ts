import { AmiClient } from '../../src/ami/ami-client.js';
import type { AmiMessage } from '../../src/ami/ami-message.js';
import { FakeAmiServer, fixtureMessages } from './fake-ami-server.js';

/** The live events of a real transcript, as the bridge's AMI client receives them over TCP. */
export async function replayTranscript(name: string): Promise<AmiMessage[]> {
  const server = new FakeAmiServer();
  const port = await server.listen();
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret' });
  const events: AmiMessage[] = [];
  client.on('event', (e) => events.push(e));
  try {
    client.start();
    await new Promise((r) => client.once('connected', r));
    const msgs = fixtureMessages(name).slice(1);
    const expected = msgs.filter((m) => m.startsWith('Event: ')).length;
    const before = events.length;
    server.broadcast(msgs.join(''));
    const t0 = Date.now();
    while (events.length - before < expected && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 5));
    return events.slice(before);
  } finally {
    await client.stop();
    await server.close();
  }
}
