import { DomainError } from '@donorline/domain';

/**
 * Sim-only operations through the simulator's control API (/sim/v1 on its ARI port): the training phone's keys the
 * desk can press for the agent (answer, hold) and training calls. Never used with a real Asterisk.
 */
export class SimControl {
  private readonly auth: string;

  constructor(private readonly o: { url: string; username: string; secret: string; timeoutMs?: number }) {
    this.auth = 'Basic ' + Buffer.from(`${o.username}:${o.secret}`).toString('base64');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.o.url.replace(/\/+$/, '')}/sim/v1${path}`, {
        method,
        headers: { authorization: this.auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 4000),
      });
    } catch (e) {
      throw new DomainError('PBX_UNAVAILABLE', `模拟交换机不可用 / the simulated PBX is not reachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : null;
    if (!res.ok) {
      const msg = (json as { error?: string } | null)?.error ?? `HTTP ${res.status}`;
      if (res.status === 409 || res.status === 404) throw new DomainError('NO_ACTIVE_CALL', `模拟话机：${msg} / simulated phone: ${msg}`);
      throw new DomainError('PBX_REJECTED', `模拟交换机拒绝 / the simulator refused: ${msg}`);
    }
    return json as T;
  }

  placeCall(p: { from: string; callerName?: string; to: string; dtmf?: string; variables?: Record<string, string> }): Promise<{ callId: string; linkedid: string; channel: string }> {
    return this.call('POST', '/calls', p);
  }

  answer(ext: string): Promise<{ channel: string }> {
    return this.call('POST', `/devices/${encodeURIComponent(ext)}/answer`);
  }

  hold(ext: string, on: boolean): Promise<{ channel: string }> {
    return this.call('POST', `/devices/${encodeURIComponent(ext)}/${on ? 'hold' : 'unhold'}`);
  }
}
