import type { LocalDate } from '../time/local-date.js';
import type { SegmentGroup } from './segment-rule.js';

/** A saved, named segment. */
export interface SavedSegmentDto {
  id: number;
  name: string;
  rule: SegmentGroup;
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A matching donor as the builder's preview shows it: name and phone masked. */
export interface SegmentPreviewRow {
  id: number;
  nameMasked: string;
  gender: string;
  blood: string | null;
  phoneMasked: string | null;
  lastDonation: string | null;
  accountManagerId: number | null;
}

export interface ManagerWorkload {
  managerId: number;
  displayName: string;
  active: boolean;
  donors: number;
  openTasks: number;
  dueTasks: number;
}

/** 我的献血者: one donor of a manager's portfolio with the work queue's open and due tasks. */
export interface PortfolioRow {
  donorId: number;
  nameMasked: string;
  phoneMasked: string | null;
  blood: string | null;
  lastDonation: string | null;
  openTasks: number;
  dueTasks: number;
  nextDueAt: string | null;
}

export interface SegmentCountReply {
  count: number;
  asOf: LocalDate;
  ms: number;
}

/** The recruitment CRM's HTTP routes (merged into HttpApi). Rules travel as JSON and are validated by the server. */
export interface CrmHttpApi {
  'POST /api/crm/segments/count': { body: { rule: unknown; asOf?: LocalDate }; reply: SegmentCountReply };
  'POST /api/crm/segments/preview': { body: { rule: unknown; asOf?: LocalDate; limit?: number }; reply: SegmentPreviewRow[] };
  'GET /api/crm/segments': { reply: SavedSegmentDto[] };
  'POST /api/crm/segments': { body: { name: string; rule: unknown }; reply: SavedSegmentDto };
  'PATCH /api/crm/segments/:id': { params: { id: number }; body: { name?: string; rule?: unknown }; reply: SavedSegmentDto };
  'DELETE /api/crm/segments/:id': { params: { id: number }; reply: { ok: true } };
  'PUT /api/crm/donors/:id/account-manager': { params: { id: number }; body: { managerId: number | null; expected: number | null }; reply: { donorId: number; managerId: number | null } };
  'POST /api/crm/assignments/bulk': { body: { segmentId: number; managerIds: number[]; onlyUnassigned?: boolean }; reply: { assigned: number; perManager: Record<string, number> } };
  'GET /api/crm/portfolio': { query: { managerId?: number; dueOnly?: boolean; page?: number; pageSize?: number }; reply: { items: PortfolioRow[]; total: number; page: number; pageSize: number } };
  'GET /api/crm/workload': { reply: ManagerWorkload[] };
}
