import { randomUUID } from 'node:crypto';

/**
 * Identifier sources that Asterisk resets on restart: the global Uniqueid sequence and the per-technology
 * channel name counters (`Local/...-00000000`, `PJSIP/carrier-00000000`).
 */
export class IdSource {
  private seq = 0;
  private readonly techCounters = new Map<string, number>();

  constructor(private readonly epochSeconds: () => number) {}

  /** `1795375724.0`: epoch seconds at creation, a dot, the global sequence (no systemname). */
  nextUniqueid(): string {
    return `${Math.floor(this.epochSeconds())}.${this.seq++}`;
  }

  /** 8-hex-digit suffix from the given technology's own counter. */
  nextChannelSuffix(tech: string): string {
    const n = this.techCounters.get(tech) ?? 0;
    this.techCounters.set(tech, n + 1);
    return n.toString(16).padStart(8, '0');
  }

  reset(): void {
    this.seq = 0;
    this.techCounters.clear();
  }
}

export const uuid = (): string => randomUUID();
