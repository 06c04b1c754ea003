/**
 * Routes. The login and the desk are in the first load; recordings (with the waveform player), audit, knowledge
 * admin and the wallboard are separate chunks loaded on first visit.
 */
import { createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import type { Pinia } from 'pinia';
import type { Role } from '@donorline/domain';
import { useAuthStore } from '../stores/auth.store.js';
import DeskView from '../views/DeskView.vue';
import LoginView from '../views/LoginView.vue';
import { homeFor } from './home.js';

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean;
    roles?: readonly Role[];
  }
}

export function createDeskRouter(pinia: Pinia, history: RouterHistory = createWebHistory()) {
  const router = createRouter({
    history,
    routes: [
      { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
      { path: '/', name: 'desk', component: DeskView, meta: { roles: ['agent', 'supervisor', 'admin'] } },
      { path: '/recordings/:id(\\d+)?', name: 'recordings', component: () => import('../views/RecordingsView.vue') },
      { path: '/audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { roles: ['admin'] } },
      { path: '/admin/knowledge', name: 'knowledge-admin', component: () => import('../views/KnowledgeAdminView.vue'), meta: { roles: ['admin'] } },
      { path: '/admin/staff', name: 'staff-admin', component: () => import('../views/admin/StaffView.vue'), meta: { roles: ['admin'] } },
      { path: '/admin/import', name: 'admin-import', component: () => import('../views/admin/ImportView.vue'), meta: { roles: ['admin'] } },
      { path: '/admin/api-keys', name: 'admin-api-keys', component: () => import('../views/admin/ApiKeysView.vue'), meta: { roles: ['admin'] } },
      { path: '/wallboard', name: 'wallboard', component: () => import('../views/WallboardView.vue'), meta: { roles: ['supervisor', 'admin'] } },
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
