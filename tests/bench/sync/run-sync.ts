/**
 * The sync benchmarks (issue [B]), on SQLite and PostgreSQL in the same run,
 * each figure next to its target:
 *
 *   a. Push ingest: one device pushing new households, people and visits in
 *      batches of 100 — over HTTP end to end, and store-only (store.push).
 *      Target ≥ 2,000 mutations/s on SQLite.
 *   b. Many devices (500) syncing at once: each pushes a visit (3 checklist
 *      changes + the visit) and pulls from its cursor; latency per request
 *      and per round, errors. Target p99 < 500 ms and no errors.
 *   c. Bytes on the wire through the real client data layer (fake-indexeddb):
 *      one visit (recordVisit → syncNow), a sync with nothing to do, and ten
 *      visits synced together. Targets ≤ 1 KB per visit; the empty sync one
 *      request under 1 KB (1 KB = 1,024 bytes here).
 *   d. Bootstrap pull of a commune of 2,000 households / 8,000 people in
 *      Chromium under "Regular 3G" emulation, next to the floor bytes/93,750
 *      B/s + 0.1 s × requests. Target within 1.5× of the floor.
 *
 * The server is the real one (buildApp over the Kysely store, on a real TCP
 * port), data goes in through the store's push path, tokens come from the
 * real login route. See each module for what exactly is measured.
 *
 * `npm run bench` runs this as section 3; alone: `npx tsx tests/bench/sync/run-sync.ts`
 * (report on stdout, progress on stderr, JSON in .bench/sync-results.json).
 * Smaller runs for a quick try:
 *   BENCH_SYNC_STORES=sqlite          only SQLite (default sqlite,postgres)
 *   BENCH_SYNC_MUTATIONS=20000        HTTP ingest size (BENCH_SYNC_STORE_MUTATIONS: store-only, 5000)
 *   BENCH_SYNC_INGEST_SECONDS=10      time cap of each ingest run
 *   BENCH_SYNC_DEVICES=500            devices at once (BENCH_SYNC_DEVICE_COMMUNES=10 communes)
 *   BENCH_SYNC_HOUSEHOLDS=2000        bootstrap commune (BENCH_SYNC_PERSONS=4×, BENCH_SYNC_VISITS=0.6 per household)
 *   BENCH_SYNC_BROWSER=0              skip the Chromium bootstrap
 *   BENCH_DATABASE_URL=postgres://gocua:gocua@localhost:5432/gocua_bench (dropped and created again)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { heading, log } from '../report';
import { kib, ms, round, table, verdict } from '../stats';
import { bootstrapInChromium, gzipEstimate, REGULAR_3G, type BootstrapFigures, type BootstrapTarget, type CompressionEstimate } from './bootstrap';
import { runDevices, type DevicesFigures, type Latency } from './devices';
import { communeMutations, generateCommune, numbered } from './generate';
import { ingestOverHttp, ingestStoreOnly, type IngestFigures } from './ingest';
import { measureWire, type WireFigures, type WireSync } from './wire';
import { createCommune, openPostgres, openSqlite, PASSWORD, pushToStore, startServer, type OpenedStore, type RunningServer, type StoreKind } from './world';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export interface SyncBenchConfig {
  stores: StoreKind[];
  ingest: { mutations: number; storeMutations: number; batchSize: number; capSeconds: number };
  devices: { devices: number; communes: number };
  bootstrap: { households: number; persons: number; visitsPerHousehold: number; villages: number; pullLimit: number; browser: boolean };
}

export function syncConfig(): SyncBenchConfig {
  const households = Math.round(numberFromEnv('BENCH_SYNC_HOUSEHOLDS', 2000));
  const stores = (process.env.BENCH_SYNC_STORES ?? 'sqlite,postgres')
    .split(',')
    .map((store) => store.trim())
    .filter((store): store is StoreKind => store === 'sqlite' || store === 'postgres');
  return {
    stores: stores.length ? stores : ['sqlite'],
    ingest: {
      mutations: Math.round(numberFromEnv('BENCH_SYNC_MUTATIONS', 20_000)),
      storeMutations: Math.round(numberFromEnv('BENCH_SYNC_STORE_MUTATIONS', 5_000)),
      batchSize: 100,
      capSeconds: numberFromEnv('BENCH_SYNC_INGEST_SECONDS', 10),
    },
    devices: {
      devices: Math.max(1, Math.round(numberFromEnv('BENCH_SYNC_DEVICES', 500))),
      communes: Math.max(1, Math.round(numberFromEnv('BENCH_SYNC_DEVICE_COMMUNES', 10))),
    },
    bootstrap: {
      households,
      persons: Math.round(numberFromEnv('BENCH_SYNC_PERSONS', households * 4)),
      visitsPerHousehold: numberFromEnv('BENCH_SYNC_VISITS', 0.6),
      villages: 8,
      pullLimit: 1000,
      browser: process.env.BENCH_SYNC_BROWSER !== '0',
    },
  };
}

export const SYNC_TARGET = {
  ingestPerSecond: 2000,
  devicesP99Ms: 500,
  visitBytes: 1024,
  emptySyncBytes: 1024,
  bootstrapRatio: 1.5,
};

export interface StoreSyncResults {
  store: StoreKind;
  where: string;
  /** 1-minute load average when this store's runs began (other processes compete for the 2 cores). */
  loadAverage: number;
  seed: { households: number; persons: number; visits: number; mutations: number; seconds: number };
  ingest: { http: IngestFigures; storeOnly: IngestFigures; met: boolean | null };
  devices: DevicesFigures & { met: boolean };
  wire: WireFigures & { visitMet: boolean; emptyMet: boolean };
  bootstrap: (BootstrapFigures & { met: boolean; emptyMet: boolean; memberEmptyMet: boolean | null; gzip: CompressionEstimate | null }) | null;
}

export interface SyncBenchResults {
  date: string;
  machine: { node: string; cpus: number; cpu: string | null; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  config: SyncBenchConfig;
  targets: typeof SYNC_TARGET;
  regular3g: typeof REGULAR_3G;
  stores: Partial<Record<StoreKind, StoreSyncResults | { skipped: string }>>;
  durationSeconds: number;
}

const STORE_NAME: Record<StoreKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

let started = Date.now();
function progress(step: string): void {
  process.stderr.write(`  … sync: ${step} (${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)})\n`);
}

const bytes = (value: number) => `${Math.round(value).toLocaleString('en')} B`;
const rate = (value: number) => `${Math.round(value).toLocaleString('en')}/s`;
const seconds = (value: number) => `${value.toFixed(1)} s`;

interface Prepared {
  opened: OpenedStore;
  server: RunningServer;
  bootstrapTarget: BootstrapTarget;
  seed: StoreSyncResults['seed'];
}

/** The bootstrap commune: 8 villages, a leader and members, 2,000 households / 8,000 people through the push path. */
async function seedBootstrapCommune(opened: OpenedStore, server: RunningServer, config: SyncBenchConfig): Promise<Prepared> {
  const t0 = Date.now();
  const world = await createCommune(opened.store, { key: 'boot', name: 'Xã Tân Lập', villages: config.bootstrap.villages, members: 6, villagesPerMember: 2 });
  const data = generateCommune({
    seed: 20_260_105,
    villageIds: world.villageIds,
    households: config.bootstrap.households,
    persons: config.bootstrap.persons,
    visitsPerHousehold: config.bootstrap.visitsPerHousehold,
    editors: [world.leader, ...world.members].map((account) => ({ id: account.user.id, name: account.user.displayName })),
  });
  const mutations = numbered(communeMutations(data));
  await pushToStore(opened.store, world.leader.scope, mutations);
  return {
    opened,
    server,
    bootstrapTarget: { label: STORE_NAME[opened.kind], server, username: world.leader.username, password: PASSWORD },
    seed: { ...data.counts, mutations: mutations.length, seconds: (Date.now() - t0) / 1000 },
  };
}

async function open(kind: StoreKind): Promise<OpenedStore> {
  return kind === 'sqlite' ? openSqlite() : openPostgres();
}

export async function runSyncBenchmarks(): Promise<SyncBenchResults> {
  started = Date.now();
  const config = syncConfig();
  const loadAtStart = loadavg();
  const stores: SyncBenchResults['stores'] = {};
  const prepared: Prepared[] = [];
  const partial = new Map<StoreKind, Omit<StoreSyncResults, 'bootstrap'>>();
  try {
    for (const kind of config.stores) {
      progress(`${STORE_NAME[kind]}: opening`);
      const loadAverage = loadavg()[0]!;
      let opened: OpenedStore;
      try {
        opened = await open(kind);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        stores[kind] = { skipped: reason };
        progress(`${STORE_NAME[kind]}: skipped (${reason})`);
        continue;
      }
      const server = await startServer(opened.store);
      progress(`${STORE_NAME[kind]}: seeding ${config.bootstrap.households} households / ${config.bootstrap.persons} people`);
      const ready = await seedBootstrapCommune(opened, server, config);
      prepared.push(ready);

      progress(`${STORE_NAME[kind]}: push ingest over HTTP`);
      const http = await ingestOverHttp(opened.store, server, config.ingest.mutations, config.ingest.capSeconds, config.ingest.batchSize);
      progress(`${STORE_NAME[kind]}: push ingest, store only`);
      const storeOnly = await ingestStoreOnly(opened.store, config.ingest.storeMutations, config.ingest.capSeconds, config.ingest.batchSize);

      progress(`${STORE_NAME[kind]}: ${config.devices.devices} devices at once`);
      const devices = await runDevices(opened, server, PASSWORD, config.devices);

      progress(`${STORE_NAME[kind]}: bytes of a visit and of an empty sync`);
      const wire = await measureWire(opened, server, PASSWORD);
      ready.bootstrapTarget.emptySyncUsername = wire.username;

      partial.set(kind, {
        store: kind,
        where: opened.where,
        loadAverage,
        seed: ready.seed,
        ingest: { http, storeOnly, met: kind === 'sqlite' ? http.rate >= SYNC_TARGET.ingestPerSecond : null },
        devices: { ...devices, met: devices.perRequest.p99 < SYNC_TARGET.devicesP99Ms && devices.errors === 0 },
        wire: {
          ...wire,
          visitMet: wire.visit.total <= SYNC_TARGET.visitBytes,
          emptyMet: wire.empty.requests === 1 && wire.empty.total < SYNC_TARGET.emptySyncBytes,
        },
      });
    }

    let bootstraps: BootstrapFigures[] = [];
    const estimates = new Map<string, CompressionEstimate>();
    if (config.bootstrap.browser && prepared.length > 0) {
      progress(`bootstrap in Chromium, Regular 3G (${prepared.map((p) => STORE_NAME[p.opened.kind]).join(' and ')} side by side; ~${Math.round(estimateSeconds(config))} s)`);
      bootstraps = await bootstrapInChromium(prepared.map((p) => p.bootstrapTarget), config.bootstrap.pullLimit);
      for (const [i, figures] of bootstraps.entries()) estimates.set(figures.label, await gzipEstimate(prepared[i]!.bootstrapTarget, figures, config.bootstrap.pullLimit));
    }
    for (const ready of prepared) {
      const kind = ready.opened.kind;
      const figures = bootstraps.find((b) => b.label === STORE_NAME[kind]);
      stores[kind] = {
        ...partial.get(kind)!,
        bootstrap: figures
          ? {
              ...figures,
              met: figures.ratio <= SYNC_TARGET.bootstrapRatio,
              emptyMet: emptyMet(figures.empty),
              memberEmptyMet: figures.memberEmpty ? emptyMet(figures.memberEmpty) : null,
              gzip: estimates.get(figures.label) ?? null,
            }
          : null,
      };
    }
  } finally {
    for (const ready of prepared) {
      await ready.server.close().catch(() => undefined);
      await ready.opened.close().catch(() => undefined);
    }
  }

  const results: SyncBenchResults = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? null, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
    config,
    targets: SYNC_TARGET,
    regular3g: REGULAR_3G,
    stores,
    durationSeconds: round((Date.now() - started) / 1000),
  };
  printSync(results);
  return results;
}

function emptyMet(empty: { requests: number; total: number }): boolean {
  return empty.requests === 1 && empty.total < SYNC_TARGET.emptySyncBytes;
}

/** The bootstrap's expected duration: roughly its floor (used for the progress line only). */
function estimateSeconds(config: SyncBenchConfig): number {
  const records = config.bootstrap.households * (1 + config.bootstrap.visitsPerHousehold) + config.bootstrap.persons;
  return (records * 870) / REGULAR_3G.downloadBytesPerSecond + (records / 1000) * 0.1;
}

// ─── Report ───

function measured(results: SyncBenchResults): StoreSyncResults[] {
  return Object.values(results.stores).filter((entry): entry is StoreSyncResults => entry !== undefined && 'store' in entry);
}

function latencyRow(label: string, store: string, value: Latency, errors: number | string, target: string, status: string): Array<string | number> {
  return [label, store, value.n, ms(value.p50), ms(value.p95), ms(value.p99), ms(value.max), errors, target, status];
}

function wireRow(label: string, store: string, sync: Pick<WireSync, 'requests' | 'up' | 'down' | 'total'>, target: string, status: string): Array<string | number> {
  return [label, store, sync.requests, bytes(sync.up), bytes(sync.down), bytes(sync.total), target, status];
}

export function printSync(results: SyncBenchResults): void {
  const all = measured(results);
  const { config } = results;
  for (const [kind, entry] of Object.entries(results.stores)) {
    if (entry && 'skipped' in entry) log(`  ${STORE_NAME[kind as StoreKind]}: skipped (${entry.skipped})`);
  }
  for (const store of all) log(`  ${STORE_NAME[store.store]}: ${store.where} (load average ${store.loadAverage.toFixed(1)} when its runs began)`);
  log(
    `  Real server (buildApp, Fastify on 127.0.0.1, HTTP/1.1 keep-alive), data through the store's push path; ` +
      `load average ${results.machine.loadAverageAtStart.map((v) => v.toFixed(1)).join(' ')} at start, ` +
      `${results.machine.loadAverageAtEnd.map((v) => v.toFixed(1)).join(' ')} at end.`,
  );

  // a. Ingest
  log();
  log(`  a. Push ingest: one device, new households/people/visits, batches of ${config.ingest.batchSize}, one after another:`);
  log(
    table(
      ['Figure', 'Store', 'Mutations', 'Time', 'Rate', 'Batch p50', 'Batch p95', 'Target', 'Status'],
      all.flatMap((s) => [
        [
          'Push over HTTP, end to end',
          STORE_NAME[s.store],
          s.ingest.http.mutations.toLocaleString('en'),
          seconds(s.ingest.http.seconds),
          rate(s.ingest.http.rate),
          ms(s.ingest.http.batchMs.p50),
          ms(s.ingest.http.batchMs.p95),
          s.store === 'sqlite' ? `≥ ${SYNC_TARGET.ingestPerSecond.toLocaleString('en')}/s` : '(SQLite only)',
          s.ingest.met === null ? '–' : verdict(s.ingest.met),
        ],
        [
          'store.push only (no HTTP, no zod)',
          STORE_NAME[s.store],
          s.ingest.storeOnly.mutations.toLocaleString('en'),
          seconds(s.ingest.storeOnly.seconds),
          rate(s.ingest.storeOnly.rate),
          ms(s.ingest.storeOnly.batchMs.p50),
          ms(s.ingest.storeOnly.batchMs.p95),
          '',
          '',
        ],
      ]),
    ),
  );
  const refused = all.filter((s) => s.ingest.http.notApplied + s.ingest.storeOnly.notApplied > 0);
  log(
    `  (a batch is ~${kib(all[0]?.ingest.http.meanBatchBytes ?? 0)} of JSON, its answer ~${kib(all[0]?.ingest.http.meanAnswerBytes ?? 0)} ` +
      `(every record sent back); every mutation answered "applied"` +
      `${refused.length ? ` — EXCEPT ${refused.map((s) => `${STORE_NAME[s.store]}: ${s.ingest.http.notApplied + s.ingest.storeOnly.notApplied}`).join(', ')}` : ''}; ` +
      `each run stops after ${config.ingest.capSeconds} s if not done)`,
  );

  // b. Devices
  const first = all[0]?.devices;
  log();
  log(
    `  b. ${config.devices.devices} devices syncing at once (${first?.communes ?? config.devices.communes} communes, ${first?.accounts ?? '–'} accounts, ` +
      `one connection each): push a visit (${first?.mutationsPerDevice ?? 4} mutations) with the page after it, pull on while there is more:`,
  );
  log(
    table(
      ['Figure', 'Store', 'n', 'p50', 'p95', 'p99', 'max', 'Errors', 'Target', 'Status'],
      all.flatMap((s) => [
        latencyRow('Each request (push or pull)', STORE_NAME[s.store], s.devices.perRequest, s.devices.errors, `p99 < ${SYNC_TARGET.devicesP99Ms} ms, 0 errors`, verdict(s.devices.met)),
        latencyRow('  push', STORE_NAME[s.store], s.devices.push, '', '', ''),
        latencyRow('  pull', STORE_NAME[s.store], s.devices.pull, '', '', ''),
        latencyRow('Whole round (push + pulls)', STORE_NAME[s.store], s.devices.round, '', '', ''),
      ]),
    ),
  );
  for (const s of all) {
    log(
      `  ${STORE_NAME[s.store]}: all answered in ${seconds(s.devices.wallSeconds)} (${Math.round(s.devices.requestsPerSecond)} requests/s; ` +
        `the server's process spent ${s.devices.serverCpuMsPerRound.toFixed(2)} ms of CPU per round on its one event loop); ` +
        `a round brought ${s.devices.meanPulledChanges.toFixed(0)} changes on average (its neighbours' visits in the same villages; not its own ${s.devices.mutationsPerDevice}); ` +
        `per device ${bytes(s.devices.bytesPerDevice.up)} up, ${bytes(s.devices.bytesPerDevice.down)} down` +
        (s.devices.errorSamples.length ? `; errors e.g. ${s.devices.errorSamples.join(' | ')}` : ''),
    );
  }

  // c. Wire
  log();
  log('  c. Bytes on the wire, client data layer in Node (recordVisit → syncNow over fetch), HTTP bytes counted at the server\'s socket');
  log('     (request line + headers + body up; status line + headers + body down; no TCP/IP or TLS overhead):');
  const wireRows: Array<Array<string | number>> = [];
  for (const s of all) {
    const store = STORE_NAME[s.store];
    const w = s.wire;
    wireRows.push(wireRow(`One visit (${w.visit.mutations} mutations)`, store, w.visit, `≤ ${bytes(SYNC_TARGET.visitBytes)}`, verdict(w.visitMet)));
    wireRows.push(wireRow('Sync with nothing to do', store, w.empty, `1 request, < ${bytes(SYNC_TARGET.emptySyncBytes)}`, verdict(w.emptyMet)));
    if (s.bootstrap) {
      const { memberEmpty, empty } = s.bootstrap;
      const target = `1 request, < ${bytes(SYNC_TARGET.emptySyncBytes)}`;
      if (memberEmpty) {
        wireRows.push(wireRow(`  same member, from Chromium (${memberEmpty.villages} villages)`, store, memberEmpty, target, verdict(s.bootstrap.memberEmptyMet === true)));
      }
      wireRows.push(wireRow(`  the leader, from Chromium (${empty.villages} villages)`, store, empty, target, verdict(s.bootstrap.emptyMet)));
    }
    wireRows.push([
      `${w.batched.visits} visits offline, one sync: per visit`,
      store,
      w.batched.requests,
      bytes(w.batched.up / w.batched.visits),
      bytes(w.batched.down / w.batched.visits),
      bytes(w.batched.total / w.batched.visits),
      `≤ ${bytes(SYNC_TARGET.visitBytes)}`,
      verdict(w.batched.total / w.batched.visits <= SYNC_TARGET.visitBytes),
    ]);
  }
  log(table(['Figure', 'Store', 'Requests', 'Up', 'Down', 'Total', 'Target', 'Status'], wireRows));
  const sample = all[0]?.wire;
  if (sample) {
    log(`  Where the bytes of one visit go (${STORE_NAME[all[0]!.store]}; the phone holds ${sample.device.households} households / ${sample.device.persons} people of ${sample.device.villages} villages):`);
    log(
      table(
        ['Request', 'Pushed / pulled', 'Up: headers + body (JSON)', 'Down: headers + body (JSON)', 'Status'],
        [...sample.visit.calls, ...sample.empty.calls].map((call, i) => [
          `${i < sample.visit.calls.length ? 'visit' : 'empty'}: ${call.method} ${call.path}`,
          `${call.pushed} / ${call.pulled}`,
          `${call.up - call.requestBody} + ${call.requestBody} B (${call.requestJson})`,
          `${call.down - call.responseBody} + ${call.responseBody} B (${call.responseJson})`,
          call.status,
        ]),
      ),
    );
    log(
      `  Records of the visit sent back down: ${sample.visit.echoed}. Headers are ${bytes(sample.visit.headers)} of the visit's ${bytes(sample.visit.total)} ` +
        `(Node's fetch; a browser adds user-agent and client hints).`,
    );
    log(`  Sign-in (login + /api/me): ${bytes(sample.signIn.total)}; first sync of the phone's ${sample.firstSync.calls.reduce((n, c) => n + c.pulled, 0)} records: ${bytes(sample.firstSync.total)} in ${sample.firstSync.requests} request(s).`);
  }

  // d. Bootstrap
  log();
  const boot = all.find((s) => s.bootstrap)?.bootstrap;
  if (!boot) {
    log(`  d. Bootstrap in Chromium: not run${config.bootstrap.browser ? '' : ' (BENCH_SYNC_BROWSER=0)'}.`);
    return;
  }
  const seed = all[0]!.seed;
  log(
    `  d. Bootstrap of a commune (${seed.households.toLocaleString('en')} households / ${seed.persons.toLocaleString('en')} people / ` +
      `${seed.visits.toLocaleString('en')} visits in ${config.bootstrap.villages} villages) by its leader in Chromium, "Regular 3G" ` +
      `(${REGULAR_3G.latencyMs} ms, ${REGULAR_3G.downloadBytesPerSecond.toLocaleString('en')} B/s down): sign-in + pulls of ${config.bootstrap.pullLimit}:`,
  );
  log(
    table(
      ['Figure', 'Store', 'Requests', 'Bytes down', 'Time', 'Floor', 'Ratio', 'Target', 'Status'],
      all.flatMap((s) => {
        const b = s.bootstrap;
        if (!b) return [];
        const rows: Array<Array<string | number>> = [
          ['Bootstrap (login, me, pulls)', STORE_NAME[s.store], b.requests, bytes(b.bytesDown), seconds(b.seconds), seconds(b.floorSeconds), `${b.ratio.toFixed(2)}×`, `≤ ${SYNC_TARGET.bootstrapRatio}× floor`, verdict(b.met)],
        ];
        // Only when the server did not compress already: then the wire carried at least the JSON bodies.
        if (b.gzip && b.bytesDown >= b.gzip.rawBodies) {
          rows.push(['  gzipped answers (estimate)', STORE_NAME[s.store], b.requests, bytes(b.gzip.bytesDown), '', seconds(b.gzip.floorSeconds), '', '', '']);
        }
        return rows;
      }),
    ),
  );
  for (const s of all) {
    const b = s.bootstrap;
    if (!b) continue;
    log(
      `  ${STORE_NAME[s.store]}: ${b.changes.toLocaleString('en')} records in ${b.pulls} pulls; per request ${b.calls.map((c) => ms(c.ms)).join(', ')}; ` +
        `server socket ${bytes(b.server.down)} down / ${bytes(b.server.up)} up` +
        (b.gzip ? `; JSON ${bytes(b.gzip.rawBodies)} → gzip -6 ${bytes(b.gzip.gzipBodies)} (${(b.gzip.rawBodies / b.gzip.gzipBodies).toFixed(1)}×)` : ''),
    );
  }
  log(`  (network only: the app would also write each page to IndexedDB; both stores ran side by side, each tab on its own emulated link)`);
}

// ─── Alone: npx tsx tests/bench/sync/run-sync.ts ───

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  (async () => {
    log(`Gõ Cửa sync benchmarks, ${new Date().toISOString()}`);
    log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} at start`);
    heading('Sync');
    const results = await runSyncBenchmarks();
    await mkdir(join(ROOT, '.bench'), { recursive: true });
    await writeFile(join(ROOT, '.bench', 'sync-results.json'), JSON.stringify(results, null, 2) + '\n');
    log();
    log(`Done in ${results.durationSeconds.toFixed(0)} s. JSON: .bench/sync-results.json`);
  })().catch((error: unknown) => {
    process.stderr.write(`sync bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
