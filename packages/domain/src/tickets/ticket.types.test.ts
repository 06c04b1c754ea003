import { describe, expect, it } from 'vitest';
import { TICKET_KINDS, VOICE_MESSAGE_KINDS, voiceMessageKind } from './ticket.types.js';

describe('voiceMessageKind', () => {
  it('a complaint or a suggestion keeps its kind; every other topic (or none) is a plain message', () => {
    expect(voiceMessageKind('complaint')).toBe('complaint');
    expect(voiceMessageKind('suggestion')).toBe('suggestion');
    for (const topic of ['consultation', 'message', 'booking', 'eligibility', 'ivr-failure', 'Complaint', '', null, undefined]) {
      expect(voiceMessageKind(topic)).toBe('message');
    }
  });

  it('only opens kinds that exist', () => {
    for (const k of VOICE_MESSAGE_KINDS) expect(TICKET_KINDS).toContain(k);
  });
});
