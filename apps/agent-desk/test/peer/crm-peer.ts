/**
 * The CRM routes of the contract peer (issue 13): rules are checked by the domain's own validator (so a bad rule
 * gets the server's 400 with its path); counting is just enough for the desk's tests — gender conditions are
 * applied to the peer's donors, every other condition matches all of them. Saved segments live in memory.
 */
import { DomainError, isSegmentGroup, maskName, validateSegmentRule, type Donor360, type SavedSegmentDto, type SegmentNode, type SegmentPreviewRow, type WorkAssignee } from '@donorline/domain';

export const CRM_MANAGERS: WorkAssignee[] = [
  { id: 7, displayName: '王芳', role: 'agent', extension: '8001' },
  { id: 8, displayName: '李娜', role: 'agent', extension: '8002' },
];

export interface CrmPeerState {
  saved: SavedSegmentDto[];
}

function matches(n: SegmentNode, d: Donor360): boolean {
  if (isSegmentGroup(n)) return n.op === 'and' ? n.rules.every((r) => matches(r, d)) : !n.rules.length ? false : n.rules.some((r) => matches(r, d));
  if (n.field === 'gender') return (n.value as string[]).includes(d.gender);
  return true;
}

type Reply = (status: number, body: unknown) => void;

/** Answers a CRM route; false when the key is not one. */
export function crmRoute(key: string, body: unknown, donors: Iterable<Donor360>, state: CrmPeerState, reply: Reply): boolean {
  if (key === 'GET /api/work/assignees') return reply(200, CRM_MANAGERS), true;
  if (key === 'GET /api/crm/segments') return reply(200, state.saved), true;
  if (key !== 'POST /api/crm/segments/count' && key !== 'POST /api/crm/segments/preview' && key !== 'POST /api/crm/segments') return false;
  const b = body as { rule?: unknown; name?: string };
  try {
    const rule = validateSegmentRule(b.rule);
    const hits = [...donors].filter((d) => matches(rule, d));
    if (key === 'POST /api/crm/segments/count') reply(200, { count: hits.length, asOf: '2026-12-07', ms: 1 });
    else if (key === 'POST /api/crm/segments/preview') {
      reply(200, hits.map((d): SegmentPreviewRow => ({ id: d.id, nameMasked: maskName(d.name), gender: d.gender, blood: null, phoneMasked: d.phones[0]?.masked ?? null, lastDonation: null, accountManagerId: null })));
    } else {
      const s: SavedSegmentDto = { id: state.saved.length + 1, name: String(b.name ?? '').trim(), rule, createdById: 7, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
      state.saved.push(s);
      reply(200, s);
    }
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    reply(400, { code: e.code, message: e.message, details: e.details });
  }
  return true;
}
