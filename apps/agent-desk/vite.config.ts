import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The desk is served by the cti-bridge at "/" in production; in dev, Vite proxies the API and Socket.IO to it.
const bridge = process.env.DESK_DEV_BRIDGE ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver({ importStyle: process.env.VITEST ? false : 'css' })], dts: false }),
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
});
