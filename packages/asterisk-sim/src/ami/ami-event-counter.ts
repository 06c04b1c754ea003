import { connect } from 'node:net';

const MARK = '\r\n\r\nEvent: ';

/**
 * Counts AMI events in a byte stream without parsing messages: each event starts right after the blank line that
 * ends the message before it. Chunks may split anywhere, a marker included; a marker is counted exactly once.
 */
export class AmiEventTally {
  count = 0;
  private carry = '';

  feed(chunk: Buffer | string): void {
    const text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    let i = 0;
    for (;;) {
      const j = text.indexOf(MARK, i);
      if (j < 0) break;
      this.count++;
      i = j + 4;
    }
    // keep what could begin a marker, but nothing of one already counted
    this.carry = text.slice(Math.max(i, text.length - MARK.length + 1));
  }
}

export interface AmiEventWatch {
  count(): number;
  close(): void;
}

/** A second AMI client for benchmarks: logs in on the raw socket and counts the events it receives. */
export async function watchAmiEvents(o: { port: number; host?: string; username: string; secret: string }): Promise<AmiEventWatch> {
  const sock = connect(o.port, o.host ?? '127.0.0.1');
  await new Promise((resolve, reject) => sock.once('connect', resolve).once('error', reject));
  const tally = new AmiEventTally();
  sock.on('data', (b: Buffer) => tally.feed(b));
  sock.write(`Action: Login\r\nActionID: watch\r\nUsername: ${o.username}\r\nSecret: ${o.secret}\r\n\r\n`);
  return { count: () => tally.count, close: () => sock.destroy() };
}
