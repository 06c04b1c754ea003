/**
 * The desk's pages as data: path, who may open them, and what a person must see on each (`landmark`). The router
 * (index.ts) gives each name its component; the browser test (test/e2e/desk-routes.e2e.test.ts) loads every entry
 * here in both languages at 1366×768 and 1920×1080, so a new page is covered the day it is added.
 * Plain data only: no Vue, nothing Node cannot import.
 */
import type { Role } from '@donorline/domain';

export interface DeskRouteDef {
  name: string;
  path: string;
  /** Signed-in roles allowed; absent = every signed-in user (or everybody when `public`). */
  roles?: readonly Role[];
  public?: boolean;
  /** A concrete URL to open (the path when it has no parameters). */
  sample: string;
  /** A selector that must be visible once the page is up. */
  landmark: string;
  /** Shown in the status bar's navigation (label key in i18n). */
  nav?: string;
  /** Shown inside this menu of the navigation instead of on the bar (label key in i18n), e.g. 系统管理. */
  group?: string;
}

/** The 系统管理 menu: admin pages live under one entry of the bar. */
export const ADMIN_MENU = 'adminMenu.title';
/** The 招募 menu: recruitment pages (segments, 我的献血者; campaigns and care join it). */
export const CRM_MENU = 'crm.menu';

export const DESK_ROUTES: readonly DeskRouteDef[] = [
  { name: 'login', path: '/login', public: true, sample: '/login', landmark: '[data-test=login-submit]' },
  { name: 'desk', path: '/', roles: ['agent', 'supervisor', 'admin'], sample: '/', landmark: '[data-test=desk]', nav: 'nav.desk' },
  { name: 'work', path: '/work', sample: '/work', landmark: '[data-test=work-view]', nav: 'work.nav' },
  { name: 'crm-portfolio', path: '/crm/portfolio', roles: ['agent', 'supervisor', 'admin'], sample: '/crm/portfolio', landmark: '[data-test=portfolio-view]', nav: 'crm.navPortfolio', group: CRM_MENU },
  { name: 'crm-segments', path: '/crm/segments', roles: ['agent', 'supervisor', 'admin'], sample: '/crm/segments', landmark: '[data-test=segments-view]', nav: 'crm.navSegments', group: CRM_MENU },
  { name: 'crm-campaigns', path: '/crm/campaigns', roles: ['agent', 'supervisor', 'admin'], sample: '/crm/campaigns', landmark: '[data-test=campaigns-view]', nav: 'dialer.nav', group: CRM_MENU },
  { name: 'care', path: '/crm/care', roles: ['agent', 'supervisor', 'admin'], sample: '/crm/care', landmark: '[data-test=care-view]', nav: 'careDesk.nav', group: CRM_MENU },
  { name: 'crm-rewards', path: '/crm/rewards', roles: ['supervisor', 'admin'], sample: '/crm/rewards', landmark: '[data-test=rewards-view]', nav: 'loyalty.catalogue.nav', group: CRM_MENU },
  { name: 'planner', path: '/planner', roles: ['agent', 'supervisor', 'admin'], sample: '/planner', landmark: '[data-test=planner-view]', nav: 'planning.nav', group: CRM_MENU },
  { name: 'recordings', path: '/recordings/:id(\\d+)?', sample: '/recordings', landmark: '[data-test=recordings-table]', nav: 'nav.recordings' },
  { name: 'qa', path: '/qa', sample: '/qa', landmark: '[data-test=qa-view]', nav: 'qa.nav' },
  { name: 'voice-messages', path: '/voice-messages', sample: '/voice-messages', landmark: '[data-test=voice-messages-view]', nav: 'voice.nav' },
  { name: 'sms', path: '/sms', roles: ['supervisor', 'quality', 'admin'], sample: '/sms', landmark: '[data-test=sms-view]', nav: 'sms.nav' },
  { name: 'wallboard', path: '/wallboard', roles: ['supervisor', 'admin'], sample: '/wallboard', landmark: '[data-test=wallboard]', nav: 'nav.wallboard' },
  { name: 'reports', path: '/reports', roles: ['supervisor', 'quality', 'admin'], sample: '/reports', landmark: '[data-test=reports-view]', nav: 'reports.nav' },
  { name: 'staff-admin', path: '/admin/staff', roles: ['admin'], sample: '/admin/staff', landmark: '[data-test=staff-view]', nav: 'nav.staff', group: ADMIN_MENU },
  { name: 'knowledge-admin', path: '/admin/knowledge', roles: ['admin'], sample: '/admin/knowledge', landmark: '[data-test=knowledge-admin]', nav: 'nav.knowledgeAdmin', group: ADMIN_MENU },
  { name: 'phrases-admin', path: '/admin/phrases', roles: ['admin'], sample: '/admin/phrases', landmark: '[data-test=phrases-admin]', nav: 'phrasesAdmin.nav', group: ADMIN_MENU },
  { name: 'admin-import', path: '/admin/import', roles: ['admin'], sample: '/admin/import', landmark: '[data-test=import-view]', nav: 'integration.nav', group: ADMIN_MENU },
  { name: 'admin-api-keys', path: '/admin/api-keys', roles: ['admin'], sample: '/admin/api-keys', landmark: '[data-test=api-keys-view]', nav: 'integration.navKeys', group: ADMIN_MENU },
  { name: 'admin-sites', path: '/admin/sites', roles: ['admin'], sample: '/admin/sites', landmark: '[data-test=sites-admin]', nav: 'sitesAdmin.nav', group: ADMIN_MENU },
  { name: 'admin-calendar', path: '/admin/calendar', roles: ['admin'], sample: '/admin/calendar', landmark: '[data-test=calendar-admin]', nav: 'calendarAdmin.nav', group: ADMIN_MENU },
  { name: 'admin-lists', path: '/admin/lists', roles: ['admin'], sample: '/admin/lists', landmark: '[data-test=lists-admin]', nav: 'adminSettings.nav', group: ADMIN_MENU },
  { name: 'admin-queues', path: '/admin/queues', roles: ['admin'], sample: '/admin/queues', landmark: '[data-test=queues-admin]' },
  { name: 'admin-rule-sets', path: '/admin/rule-sets', roles: ['admin'], sample: '/admin/rule-sets', landmark: '[data-test=rule-sets-admin]' },
  { name: 'admin-reimbursement', path: '/admin/reimbursement', roles: ['admin'], sample: '/admin/reimbursement', landmark: '[data-test=reimbursement-admin]' },
  { name: 'admin-center', path: '/admin/center', roles: ['admin'], sample: '/admin/center', landmark: '[data-test=center-admin]' },
  { name: 'audit', path: '/audit', roles: ['admin'], sample: '/audit', landmark: '[data-test=audit-table]', nav: 'nav.audit' },
];

/** May this role open the route? */
export function routeAllows(r: DeskRouteDef, role: Role | null): boolean {
  if (r.public) return true;
  if (!role) return false;
  return !r.roles || r.roles.includes(role);
}
