/**
 * The floor of bench:pop (a child process): the same AMI stream, the same desks, no processing — a raw TCP AMI login,
 * frames split and parsed, and every AgentCalled forwarded as it is to the ringing agent's room on a bare Socket.IO
 * server. What the bridge adds on top of this (translation, call state, identification, seats, records) is the
 * bridge's own cost.
 *
 * IPC: → {type:'ready', port}; ← {cmd:'stop'}.
 */
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { Server } from 'socket.io';

const amiPort = Number(process.env.SIM_AMI_PORT);
const send = (m: unknown): void => void process.send?.(m);
const http = createServer();
const io = new Server(http, { serveClient: false, pingInterval: 5000, pingTimeout: 4000 });
io.on('connection', (s) => {
  const ext = (s.handshake.auth as { ext?: unknown }).ext;
  if (typeof ext === 'string') void s.join(ext);
});

function parse(frame: string): Record<string, string> {
  const m: Record<string, string> = {};
  for (const line of frame.split('\r\n')) {
    const i = line.indexOf(': ');
    if (i > 0) m[line.slice(0, i)] ??= line.slice(i + 2);
  }
  return m;
}

const sock = connect(amiPort, '127.0.0.1');
let buf = '';
sock.setEncoding('utf8');
sock.on('connect', () => sock.write('Action: Login\r\nUsername: donorline\r\nSecret: donorline\r\nEvents: on\r\n\r\n'));
sock.on('data', (chunk: string) => {
  buf += chunk;
  let i: number;
  while ((i = buf.indexOf('\r\n\r\n')) >= 0) {
    const frame = buf.slice(0, i);
    buf = buf.slice(i + 4);
    if (!frame.includes('Event: AgentCalled')) continue;
    const m = parse(frame);
    const ext = /(\d+)$/.exec(m.Interface ?? '')?.[1];
    if (ext) io.to(ext).emit('floor:pop', { callId: m.Linkedid ?? '', ext, caller: m.CallerIDNum ?? '' });
  }
});
sock.on('error', (e) => process.stderr.write(`[floor] AMI error ${e.message}\n`));

http.listen(0, '127.0.0.1', () => {
  const a = http.address();
  send({ type: 'ready', port: typeof a === 'object' && a ? a.port : 0 });
});
process.on('message', (m: { cmd?: string }) => {
  if (m.cmd === 'stop') {
    sock.destroy();
    void io.close();
    process.exit(0);
  }
});
