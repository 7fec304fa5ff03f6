/**
 * Builds the decode bench page (tests/bench/decode/decode.html) into
 * .bench/decode-dist; run-decode.ts serves it. Root is the repository, so the
 * page sits at /tests/bench/decode/decode.html and bundles the app's scanner
 * wrapper (src/client/lib/qr-scanner.ts) as the app does.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import appConfig from '../../../vite.config';

export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  logLevel: 'warn',
  define: appConfig.define,
  build: {
    target: appConfig.build?.target,
    sourcemap: false,
    outDir: '.bench/decode-dist', // run-decode.ts serves it from here
    emptyOutDir: true,
    assetsDir: 'decode-assets',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { decode: fileURLToPath(new URL('./decode.html', import.meta.url)) },
    },
  },
});
