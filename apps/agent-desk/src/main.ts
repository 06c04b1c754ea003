/**
 * Desk entry: Pinia, i18n (zh-CN first, the agent's choice remembered), router, the one realtime connection
 * (opened whenever a token is present — also after a reload), the shared clock, keyboard shortcuts and the
 * pop-latency probe (window.__donorline.popLatencies).
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
// Element Plus pieces used imperatively (not via templates) need their CSS imported by hand.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import App from './App.vue';
import { ensureLocaleMessages, makeI18n, rememberLocale } from './i18n/index.js';
import { installPerfGlobal } from './perf/pop-latency.js';
import { startRealtime } from './realtime/connection.js';
import { createDeskRouter } from './router/index.js';
import { resetUserStores } from './stores/reset.js';
import { startClock } from './utils/clock.js';
import { warmFormatters } from './utils/format.js';
import { installShortcuts } from './composables/useShortcuts.js';

installPerfGlobal();
const pinia = createPinia();
const i18n = makeI18n();
rememberLocale(i18n.global.locale.value);
const router = createDeskRouter(pinia);

const app = createApp(App);
app.use(pinia).use(i18n).use(router);

startClock();
installShortcuts();
startRealtime(pinia, {
  onSignOut: () => {
    resetUserStores(pinia);
    if (router.currentRoute.value.name !== 'login') void router.replace({ name: 'login' });
  },
});

// An agent who chose English before gets it from the first paint (its messages are a separate chunk).
void ensureLocaleMessages(i18n.global as never, i18n.global.locale.value).finally(() => {
  app.mount('#app');
  // the date formatters' first use costs ~0.1 s: pay it while the agent signs in, not on the first pop
  const warm = (): void => warmFormatters(i18n.global.locale.value);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2000 });
  else setTimeout(warm, 500);
});
