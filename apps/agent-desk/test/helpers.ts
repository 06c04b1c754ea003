/**
 * Test wiring for the desk: a real Pinia, real i18n, the real API client and the real socket binding, pointed at a
 * contract peer (test/peer) running in the same process. Nothing of the desk is mocked.
 */
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount as mountComponent, flushPromises, type VueWrapper } from '@vue/test-utils';
import type { Component } from 'vue';
import type { UserDto } from '@donorline/domain';
import { api } from '../src/api/index.js';
import { makeI18n, type DeskLocale } from '../src/i18n/index.js';
import en from '../src/i18n/en.js';
import { connectRealtime, disconnectRealtime } from '../src/realtime/connection.js';
import { setCommandTimeout, COMMAND_TIMEOUT_MS } from '../src/realtime/commands.js';
import { useAuthStore } from '../src/stores/auth.store.js';
import { useSessionStore } from '../src/stores/session.store.js';
import { useLinkStore } from '../src/stores/link.store.js';
import { useDonorStore } from '../src/stores/donor.store.js';
import { AGENT } from './peer/fixtures.js';
import type { ContractPeer } from './peer/contract-peer.js';

export async function waitFor<T>(probe: () => T | null | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Desk {
  pinia: Pinia;
  i18n: ReturnType<typeof makeI18n>;
  mount(component: Component, props?: Record<string, unknown>): VueWrapper;
  /** Lets in-flight HTTP requests finish, then disconnects (so closing the peer resets nothing mid-request). */
  close(): Promise<void>;
}

/** A desk as it runs in the browser, minus the router: signed in, socket connected to the peer (if given). */
export async function openDesk(opts: { peer?: ContractPeer; locale?: DeskLocale; user?: UserDto; token?: string; connect?: boolean } = {}): Promise<Desk> {
  globalThis.sessionStorage?.clear();
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = makeI18n(opts.locale ?? 'zh-CN', { en });
  const auth = useAuthStore(pinia);
  auth.setSession(opts.token ?? 'token-agent', opts.user ?? AGENT);
  if (opts.peer) {
    api.setBaseUrl(opts.peer.url);
    if (opts.connect !== false) {
      connectRealtime({ token: auth.token!, pinia, url: opts.peer.url });
      await waitFor(() => useLinkStore(pinia).socket === 'connected' && useSessionStore(pinia).session, 5000, 'session:state');
    }
  }
  return {
    pinia,
    i18n,
    mount(component, props = {}) {
      // Props are checked by the components themselves at runtime; the helper stays untyped on purpose.
      const opts = { props, global: { plugins: [pinia, i18n] }, attachTo: document.body };
      return (mountComponent as unknown as (c: Component, o: typeof opts) => VueWrapper)(component, opts);
    },
    async close() {
      const donors = useDonorStore(pinia);
      await waitFor(() => donors.loading.size === 0, 2000, 'quiet').catch(() => {});
      disconnectRealtime();
      setCommandTimeout(COMMAND_TIMEOUT_MS);
    },
  };
}

export { flushPromises };
