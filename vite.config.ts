/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import packageJson from './package.json' with { type: 'json' };

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(packageJson.version),
  },
  plugins: [
    react(),
    VitePWA({
      // Our own worker (src/client/sw.ts): precache + navigation fallback, and later background sync.
      strategies: 'injectManifest',
      srcDir: 'src/client',
      filename: 'sw.ts',
      // Updates wait for the user's tap; we register with workbox-window ourselves (lib/service-worker.ts).
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Gõ Cửa',
        short_name: 'Gõ Cửa',
        description: 'Sổ hộ gia đình và danh mục chuyển đổi số cho Tổ công nghệ số cộng đồng',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        id: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b5d3b',
        background_color: '#ffffff',
        categories: ['productivity', 'government'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // Everything the app needs offline: the shell, every lazy chunk (screens, English, the scanner and its
        // WebAssembly QR decoder), icons.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `npm run dev` serves the client; the API comes from the real server (`npm run server`).
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./tests/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.{ts,tsx}', 'eslint-rules/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/bench/**', 'node_modules/**'],
    restoreMocks: true,
  },
});
