import { describe, expect, it } from 'vitest';
import { Where } from './sql.js';

describe('Where', () => {
  it('is empty without conditions; ANDs the conditions in order, with their parameters in the same order', () => {
    const none = new Where();
    expect([none.empty, none.sql, none.params]).toEqual([true, '', []]);
    const w = new Where().add('t.kind = ?', 'complaint').add('t.created_at >= ? AND t.created_at < ?', 'a', 'b').add("t.subject LIKE ? ESCAPE '!'", '%x%');
    expect(w.empty).toBe(false);
    expect(w.sql).toBe("WHERE t.kind = ? AND t.created_at >= ? AND t.created_at < ? AND t.subject LIKE ? ESCAPE '!'");
    expect(w.params).toEqual(['complaint', 'a', 'b', '%x%']);
  });
});
