import { connect, type Socket } from 'node:net';
import { parseAmiStream, type AmiMsg } from './ami-transcript.js';

/** A raw AMI TCP client for tests: keeps every byte received and parses messages on demand. */
export class RawAmi {
  raw = '';
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (this.raw += d));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static async open(port: number, host = '127.0.0.1'): Promise<RawAmi> {
    const s = connect(port, host);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('error', reject);
    });
    const c = new RawAmi(s);
    await c.until(() => c.raw.includes('\r\n'));
    return c;
  }

  send(text: string): void {
    this.socket.write(text.endsWith('\r\n\r\n') ? text : `${text.replace(/\r?\n$/, '')}\r\n\r\n`);
  }

  action(fields: Record<string, string | string[]>): void {
    let s = '';
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) s += `${k}: ${x}\r\n`;
    this.send(`${s}\r\n`);
  }

  messages(): AmiMsg[] {
    const end = this.raw.lastIndexOf('\r\n\r\n');
    return end < 0 ? [] : parseAmiStream(this.raw.slice(0, end + 4));
  }

  async until(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const start = Date.now();
    while (!pred()) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; got:\n${this.raw.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async waitFor(pred: (m: AmiMsg) => boolean, timeoutMs = 5000, what = 'message'): Promise<AmiMsg> {
    let found: AmiMsg | undefined;
    await this.until(() => (found = this.messages().find(pred)) !== undefined, timeoutMs, what);
    return found!;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The messages of a `.sent.txt` transcript, each with its terminating blank line. */
export function sentMessages(text: string): string[] {
  return text
    .split(/\r\n\r\n/)
    .filter((m) => m.trim())
    .map((m) => `${m}\r\n\r\n`);
}
