import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The desk is served by the cti-bridge at "/" in production; in dev, Vite proxies the API and Socket.IO to it.
const bridge = process.env.DESK_DEV_BRIDGE ?? 'http://127.0.0.1:8080';

/**
 * The desk's Vite config. `testing` (vitest.config.ts) leaves out Element Plus CSS, which Node cannot import
 * (STACK.md pitfall 10). It is an explicit switch rather than process.env.VITEST so that a build started from
 * inside a test run (the E2E suite builds the desk) still ships its styles.
 */
export function deskConfig(opts: { testing: boolean }): UserConfig {
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [
      vue(),
      AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
      Components({ resolvers: [ElementPlusResolver({ importStyle: opts.testing ? false : 'css' })], dts: false }),
    ],
    define: {
      // vue-i18n: Composition API only (smaller), no devtools in production.
      __VUE_I18N_FULL_INSTALL__: 'true',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      chunkSizeWarningLimit: 800,
      // The manifest lets scripts/bundle-size.ts measure the first load (entry + its static imports).
      manifest: true,
    },
    server: {
      proxy: {
        '/api': bridge,
        '/socket.io': { target: bridge, ws: true },
      },
    },
  };
}

export default defineConfig(deskConfig({ testing: false }));
