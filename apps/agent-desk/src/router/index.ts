/**
 * Routes. The login and the desk are in the first load; recordings (with the waveform player), audit, the admin
 * pages and the wallboard are separate chunks loaded on first visit. Paths, roles and landmarks are data in
 * routes.ts (the browser test walks them); this file gives each route its component.
 */
import { createRouter, createWebHistory, type RouteComponent, type RouterHistory } from 'vue-router';
import type { Pinia } from 'pinia';
import type { Role } from '@donorline/domain';
import { useAuthStore } from '../stores/auth.store.js';
import DeskView from '../views/DeskView.vue';
import LoginView from '../views/LoginView.vue';
import { homeFor } from './home.js';
import { DESK_ROUTES } from './routes.js';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    roles?: readonly Role[];
  }
}

const COMPONENTS: Record<string, RouteComponent | (() => Promise<RouteComponent>)> = {
  login: LoginView,
  desk: DeskView,
  recordings: () => import('../views/RecordingsView.vue'),
  audit: () => import('../views/AuditView.vue'),
  'knowledge-admin': () => import('../views/KnowledgeAdminView.vue'),
  'phrases-admin': () => import('../views/admin/PhrasesView.vue'),
  'staff-admin': () => import('../views/admin/StaffView.vue'),
  'admin-import': () => import('../views/admin/ImportView.vue'),
  'admin-api-keys': () => import('../views/admin/ApiKeysView.vue'),
  'admin-sites': () => import('../views/admin/SitesView.vue'),
  'admin-calendar': () => import('../views/admin/CalendarView.vue'),
  wallboard: () => import('../views/WallboardView.vue'),
  reports: () => import('../views/reports/ReportsView.vue'),
  work: () => import('../views/WorkQueueView.vue'),
  qa: () => import('../views/qa/QaView.vue'),
  'crm-portfolio': () => import('../views/crm/PortfolioView.vue'),
  'crm-segments': () => import('../views/crm/SegmentsView.vue'),
  'crm-campaigns': () => import('../views/crm/CampaignsView.vue'),
  planner: () => import('../views/planning/PlannerView.vue'),
  'crm-rewards': () => import('../views/crm/RewardsView.vue'),
  care: () => import('../views/care/CareView.vue'),
  sms: () => import('../views/messaging/SmsOutboxView.vue'),
  'voice-messages': () => import('../views/voice-replies/VoiceMessagesView.vue'),
  'admin-lists': () => import('../views/admin/ListsView.vue'),
  'admin-center': () => import('../views/admin/CenterView.vue'),
  'admin-queues': () => import('../views/admin/QueuesView.vue'),
  'admin-rule-sets': () => import('../views/admin/RuleSetsView.vue'),
  'admin-reimbursement': () => import('../views/admin/ReimbursementView.vue'),
};

export function createDeskRouter(pinia: Pinia, history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes: [
      ...DESK_ROUTES.map((r) => {
        const component = COMPONENTS[r.name];
        if (!component) throw new Error(`no component for route ${r.name}`);
        return { path: r.path, name: r.name, component, meta: { ...(r.public ? { public: true } : {}), ...(r.roles ? { roles: r.roles } : {}) } };
      }),
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach((to) => {
    const auth = useAuthStore(pinia);
    if (to.meta.public) return true;
    if (!auth.isAuthenticated) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    const role = auth.role!;
    if (to.meta.roles && !to.meta.roles.includes(role)) return homeFor(role);
    return true;
  });

  return router;
}
