/**
 * Bench build, in two passes into .bench/dist (run.ts runs both):
 *
 *   BENCH_PART=app   the app exactly as vite.config.ts builds it (same
 *                    plugins, defines and chunks), minus the PWA plugin;
 *   BENCH_PART=page  the bench page (tests/bench/page/bench.html) with its
 *                    own chunks under bench-assets/, added to the same folder.
 *
 * Served together by run.ts, the app at / and the bench page share one origin
 * and one IndexedDB database ('go-cua'). The service worker is left out: the
 * latency bench runs with service workers blocked (the worker's navigation
 * fallback would answer the bench page's URL with index.html). The size bench
 * measures the real build (vite.config.ts, dist/).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type PluginOption, type UserConfig } from 'vite';
import appConfig from '../../vite.config';

const BENCH_OUT_DIR = '.bench/dist';

const root = fileURLToPath(new URL('../..', import.meta.url));
const part = process.env.BENCH_PART === 'page' ? 'page' : 'app';

function withoutPwa(plugins: PluginOption[] | undefined): PluginOption[] {
  const flat: PluginOption[] = [];
  const visit = (option: PluginOption) => {
    if (Array.isArray(option)) option.forEach(visit);
    else if (option && typeof option === 'object' && 'name' in option && option.name.startsWith('vite-plugin-pwa')) return;
    else flat.push(option);
  };
  (plugins ?? []).forEach(visit);
  return flat;
}

const common: UserConfig = {
  root,
  define: appConfig.define,
  plugins: withoutPwa(appConfig.plugins),
  logLevel: 'warn',
};

const app: UserConfig = {
  ...common,
  build: { ...appConfig.build, sourcemap: false, outDir: BENCH_OUT_DIR, emptyOutDir: true },
};

const page: UserConfig = {
  ...common,
  define: {
    ...appConfig.define,
    // pouchdb-browser's dependencies may look for Node's `global`.
    global: 'globalThis',
  },
  resolve: {
    // pouchdb-browser imports Node's 'events'; a small EventEmitter stands in (bench page only).
    alias: { events: fileURLToPath(new URL('./page/events-shim.ts', import.meta.url)) },
  },
  build: {
    ...appConfig.build,
    sourcemap: false,
    outDir: BENCH_OUT_DIR,
    emptyOutDir: false,
    assetsDir: 'bench-assets',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { bench: fileURLToPath(new URL('./page/bench.html', import.meta.url)) },
    },
  },
};

export default defineConfig(part === 'page' ? page : app);
