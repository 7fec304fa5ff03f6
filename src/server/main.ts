/** Reads the configuration, opens the store, listens. Everything else lives in app.ts. */
import { buildApp } from './app';
import { ensureAdministrator } from './bootstrap';
import { readConfig } from './config';
import { seedDemo } from './demo';
import { KyselyStore, renewEpoch } from './store/kysely-store';

const config = readConfig();
const store = await KyselyStore.open({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
if (config.newEpoch) await renewEpoch(store.database);
await ensureAdministrator(store, config.adminPassword);
if (config.demo) await seedDemo(store);

const app = await buildApp({
  store,
  sessionDays: config.sessionDays,
  staticDir: config.staticDir,
  trustProxy: config.trustProxy,
  logger: { level: config.logLevel },
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await store.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
app.log.info(`Gõ Cửa on http://localhost:${config.port} (${store.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`);
