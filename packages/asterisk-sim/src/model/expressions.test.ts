import { describe, expect, it } from 'vitest';
import { builtinFunction, evaluate, parseAppCall, splitArgs, substitute, type VariableScope } from './expressions.js';

const scope = (vars: Record<string, string>): VariableScope => ({
  get: (n) => vars[n],
  fn: (n, a) => (n === 'CALLERID' && a === 'num' ? '13800138000' : builtinFunction(n, a)),
});

describe('dialplan substitution', () => {
  it('substitutes variables, functions and $[...] as the lab dialplan needs', () => {
    const s = scope({ HOLD_SECS: '30', DONOR_CID: '' });
    expect(substitute('${IF($["${HOLD_SECS}" = ""]?20:${HOLD_SECS})}', s)).toBe('30');
    expect(substitute('${IF($["${AGENT_TALK}" = ""]?5:${AGENT_TALK})}', s)).toBe('5');
    expect(substitute('$["${DONOR_CID}" != ""]?Set(CALLERID(all)=${DONOR_CID})', s)).toBe('0?Set(CALLERID(all)=)');
    expect(substitute('Queue ${EXTEN} for ${CALLERID(num)}', scope({ EXTEN: 'hotline' }))).toBe('Queue hotline for 13800138000');
    expect(substitute('${X:1:3}', scope({ X: 'abcdef' }))).toBe('bcd');
    expect(substitute('${X:-2}', scope({ X: 'abcdef' }))).toBe('ef');
  });

  it('evaluates comparisons, arithmetic and logic', () => {
    expect(evaluate('1 + 2 * 3')).toBe('7');
    expect(evaluate('"a" = "a"')).toBe('1');
    expect(evaluate('"8002" = ""')).toBe('0');
    expect(evaluate('5 > 3 & 2 < 1')).toBe('0');
    expect(evaluate('0 | 4')).toBe('4');
    expect(evaluate('10 / 3')).toBe('3');
  });

  it('splits application arguments at top-level commas only', () => {
    expect(splitArgs('hotline,tT,,,600')).toEqual(['hotline', 'tT', '', '', '600']);
    expect(splitArgs('a,IF(x?1,2),b')).toEqual(['a', 'IF(x?1,2)', 'b']);
    expect(parseAppCall('Queue(hotline,tT,,,120)')).toEqual(['Queue', 'hotline,tT,,,120']);
    expect(parseAppCall('Answer()')).toEqual(['Answer', '']);
    expect(parseAppCall('Hangup')).toEqual(['Hangup', '']);
  });
});
