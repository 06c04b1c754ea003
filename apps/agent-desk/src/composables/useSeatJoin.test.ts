import { describe, expect, it } from 'vitest';
import { CommandError } from '../realtime/commands.js';
import { seatProblemOf } from './useSeatJoin.js';

const text = (e: unknown): string => (e instanceof Error ? e.message : 'x');

describe('seat problems: every refusal names the way forward', () => {
  it('an extension not assigned → the person\'s own extensions', () => {
    const e = new CommandError('FORBIDDEN', 'no', 'agent:login', { reason: 'extension', allowed: ['8002'] });
    expect(seatProblemOf(e, '8001', text)).toEqual({ kind: 'extension', ext: '8001', allowed: ['8002'] });
  });

  it('a role without seats → continue without one', () => {
    expect(seatProblemOf(new CommandError('FORBIDDEN', 'no', 'agent:login', { reason: 'role' }), '8009', text)).toEqual({ kind: 'role' });
  });

  it('a colleague\'s seat → who holds it, and whether the asker may free it', () => {
    const holder = { extension: '8001', displayName: '林晓', employeeNo: '1001', since: '2026-11-22T01:00:00.000Z' };
    const e = new CommandError('CONFLICT', 'taken', 'agent:login', { reason: 'seat-taken', holder, canForce: true });
    expect(seatProblemOf(e, '8001', text)).toEqual({ kind: 'taken', ext: '8001', holder, canForce: true });
  });

  it('the own account on another desk → take it over here', () => {
    const e = new CommandError('SESSION_TAKEN', 'elsewhere', 'agent:login', { extension: '8001', address: '10.0.0.9' });
    expect(seatProblemOf(e, '8001', text)).toEqual({ kind: 'session', ext: '8001', address: '10.0.0.9' });
  });

  it('anything else → its message', () => {
    expect(seatProblemOf(new Error('boom'), '8001', text)).toEqual({ kind: 'error', text: 'boom' });
  });
});
