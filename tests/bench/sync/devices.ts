/**
 * Many devices syncing at once. Communes are seeded through the store's push
 * path; every device belongs to a real account (leader or member; several
 * devices may share an account, each with its own device id and session, as
 * phones do) and has already synced before (it holds the current cursor).
 * Then every device does one realistic sync round at the same moment, as the
 * sync engine does after a visit: push the visit with its checklist changes
 * (a household item, an item of each of two people, and the visit record: 4
 * mutations in one request) asking for the page after it from its cursor,
 * and pull on only while `hasMore`. The page brings whatever its neighbours
 * (same villages) pushed meanwhile; the device's own records do not come back.
 *
 * The devices run in a child process (devices-worker.ts), so the load
 * generator has its own event loop and the server's latency is not inflated
 * by the client's own work; each device has one keep-alive HTTP/1.1
 * connection of its own (all 500 in flight at once).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../../src/shared/ids';
import { SCHEMA_VERSION, type Mutation, type PushRequest } from '../../../src/shared/sync';
import type { Visit } from '../../../src/shared/visit';
import { percentile, round } from '../stats';
import { communeMutations, generateCommune, numbered, type CommuneData } from './generate';
import { byteDelta, createCommune, currentCursor, pushToStore, type Account, type OpenedStore, type RunningServer } from './world';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./devices-worker.ts', import.meta.url));

export interface DeviceSpec {
  username: string;
  deviceId: string;
  cursor: string;
  push: PushRequest;
}

export interface WorkerInput {
  origin: string;
  password: string;
  pullLimit: number;
  devices: DeviceSpec[];
}

export type ParentMessage = { type: 'input'; input: WorkerInput } | { type: 'go' };
export type WorkerMessage = { type: 'ready' } | { type: 'done'; output: WorkerOutput };

export interface RequestSample {
  kind: 'push' | 'pull';
  ms: number;
  /** HTTP status, or 0 when the request failed without an answer. */
  status: number;
}

export interface WorkerOutput {
  requests: RequestSample[];
  rounds: number[];
  /** Requests that failed (network error, non-200) and push results other than `applied`. */
  errors: number;
  refusedMutations: number;
  errorSamples: string[];
  pulledChanges: number;
  wallMs: number;
  loginMs: number;
}

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(values: readonly number[]): Latency {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? Math.max(...values) : NaN),
  };
}

export interface DevicesFigures {
  devices: number;
  communes: number;
  accounts: number;
  householdsPerCommune: number;
  mutationsPerDevice: number;
  requests: number;
  errors: number;
  refusedMutations: number;
  errorSamples: string[];
  perRequest: Latency;
  push: Latency;
  pull: Latency;
  round: Latency;
  /** First request sent → last answer read. */
  wallSeconds: number;
  requestsPerSecond: number;
  meanPulledChanges: number;
  /** HTTP bytes the server read and wrote during the burst, per device. */
  bytesPerDevice: { up: number; down: number };
  /**
   * CPU time of the server's process (this one: it does nothing else during the burst) per device
   * round, user + system. Rounds wait on each other for it: one event loop serves them all, so
   * the last answer comes after about devices × this.
   */
  serverCpuMsPerRound: number;
}

export interface DevicesOptions {
  devices: number;
  communes: number;
  /** Seeded households per commune (default 1.4 per device of that commune, at least 40). */
  householdsPerCommune?: number;
  pullLimit?: number;
}

interface CommuneDevices {
  accounts: Account[];
  data: CommuneData;
  versions: Map<string, number>;
}

/**
 * The visit as recordVisit queues it (the latency bench's visit): three checklist
 * changes — a household item and an item of each of two people — each as its
 * record's changed field only, then the new visit record listing the changes.
 */
export function visitMutations(
  member: { id: string; name: string },
  household: CommuneData['households'][number],
  versions: Map<string, number>,
  index: number,
): Mutation[] {
  const now = new Date().toISOString();
  const flip = index % 2 === 0;
  const stamp = (value: string) => ({ value, changedAt: now, changedBy: member.id });
  const other = (current: string | undefined, a: string, b: string) => (current === a ? b : a);
  const [first, second] = household.persons;
  const edits: Array<{ entity: 'household' | 'person'; id: string; personId: string | null; itemId: string; from: string; to: string }> = [];
  const hh = household.household.items['hh.internet']?.value;
  edits.push({ entity: 'household', id: household.household.id, personId: null, itemId: 'hh.internet', from: hh ?? 'unknown', to: other(hh, flip ? 'done' : 'in_progress', 'declined') });
  if (first) {
    const value = first.items['p.vneid']?.value;
    edits.push({ entity: 'person', id: first.id, personId: first.id, itemId: 'p.vneid', from: value ?? 'unknown', to: other(value, 'level2', 'level1') });
  }
  if (second) {
    const value = second.items['p.smartphone']?.value;
    edits.push({ entity: 'person', id: second.id, personId: second.id, itemId: 'p.smartphone', from: value ?? 'unknown', to: other(value, flip ? 'done' : 'in_progress', 'declined') });
  }
  const visit: Visit = {
    id: uuidv7(),
    version: 0,
    createdAt: now,
    updatedAt: now,
    updatedBy: member.id,
    householdId: household.household.id,
    villageId: household.household.villageId,
    memberId: member.id,
    memberName: member.name,
    at: now,
    outcome: 'helped',
    notes: `Lần ${index + 1}: đã cài VNeID mức 2, hướng dẫn thanh toán QR.`,
    nextVisitOn: null,
    changes: edits.map(({ personId, itemId, from, to }) => ({ personId, itemId, from, to })),
  };
  const { id: _id, version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...visitFields } = visit;
  return [
    ...edits.map((edit, i): Mutation => ({
      seq: i + 1,
      entity: edit.entity,
      id: edit.id,
      op: 'put',
      baseVersion: versions.get(edit.id) ?? 0,
      fields: { [`items.${edit.itemId}`]: stamp(edit.to) },
      editedAt: now,
      editedBy: member.id,
    })),
    { seq: edits.length + 1, entity: 'visit', id: visit.id, op: 'put', baseVersion: 0, fields: visitFields, editedAt: now, editedBy: member.id },
  ];
}

/** The communes, seeded side by side (each commune has its own version counter, so on PostgreSQL they do not wait on each other). */
async function seedCommunes(opened: OpenedStore, options: Required<DevicesOptions>): Promise<CommuneDevices[]> {
  const { store } = opened;
  const worlds = [];
  // Accounts one after another (createCommune is cheap); the records, the expensive part, in parallel.
  for (let c = 0; c < options.communes; c++) {
    worlds.push(await createCommune(store, { key: `dev${c}`, name: `Xã Thử ${c + 1}`, villages: 4, members: 4, villagesPerMember: 2 }));
  }
  return Promise.all(
    worlds.map(async (world, c): Promise<CommuneDevices> => {
      const accounts = [world.leader, ...world.members];
      const data = generateCommune({
        seed: 9000 + c,
        villageIds: world.villageIds,
        households: options.householdsPerCommune,
        persons: options.householdsPerCommune * 4,
        // Old visits play no part in a device's round (it pulls from its cursor): none, to seed faster.
        visitsPerHousehold: 0,
        editors: accounts.map((account) => ({ id: account.user.id, name: account.user.displayName })),
      });
      await pushToStore(store, world.leader.scope, numbered(communeMutations(data)));
      const rows = await store.database.selectFrom('records').select(['id', 'version']).where('commune_id', '=', world.communeId).execute();
      return { accounts, data, versions: new Map(rows.map((row) => [row.id, row.version])) };
    }),
  );
}

async function deviceSpecs(opened: OpenedStore, communes: CommuneDevices[], total: number): Promise<DeviceSpec[]> {
  const epoch = await opened.store.epoch();
  const specs: DeviceSpec[] = [];
  const cursors = new Map<string, string>();
  for (const commune of communes) {
    for (const account of commune.accounts) cursors.set(account.username, await currentCursor(opened.store, account.scope));
  }
  const used = new Set<string>();
  for (let d = 0; d < total; d++) {
    const commune = communes[d % communes.length]!;
    const index = Math.floor(d / communes.length);
    const account = commune.accounts[index % commune.accounts.length]!;
    const household = commune.data.households.find((h) => !used.has(h.household.id) && account.villageIds.includes(h.household.villageId) && h.persons.length >= 2);
    if (!household) throw new Error(`not enough households for ${total} devices: raise householdsPerCommune`);
    used.add(household.household.id);
    const deviceId = uuidv7();
    specs.push({
      username: account.username,
      deviceId,
      cursor: cursors.get(account.username)!,
      push: { deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'bench', epoch, mutations: visitMutations({ id: account.user.id, name: account.user.displayName }, household, commune.versions, d) },
    });
  }
  return specs;
}

/**
 * Runs the devices in a child process: it signs every device in (real login
 * route), says `ready`, and on `go` fires every device's round at once.
 * `onReady` runs between the two (the server's byte meter is read there, so
 * the sign-ins are not counted in the burst).
 */
function runWorker(input: WorkerInput, onReady: () => void): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let output: WorkerOutput | undefined;
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        onReady();
        child.send({ type: 'go' } satisfies ParentMessage);
      } else {
        output = message.output;
        child.disconnect();
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => (output ? resolve(output) : reject(new Error(`devices worker exited with ${code} and no result`))));
    child.send({ type: 'input', input } satisfies ParentMessage);
  });
}

export async function runDevices(opened: OpenedStore, server: RunningServer, password: string, options: DevicesOptions): Promise<DevicesFigures> {
  const perCommune = Math.ceil(options.devices / options.communes);
  const resolved: Required<DevicesOptions> = {
    devices: options.devices,
    communes: options.communes,
    householdsPerCommune: options.householdsPerCommune ?? Math.max(40, Math.ceil(perCommune * 1.4)),
    pullLimit: options.pullLimit ?? 1000,
  };
  const communes = await seedCommunes(opened, resolved);
  const devices = await deviceSpecs(opened, communes, resolved.devices);
  let before = server.bytes();
  let cpuBefore = process.cpuUsage();
  const output = await runWorker({ origin: server.origin, password, pullLimit: resolved.pullLimit, devices }, () => {
    before = server.bytes();
    cpuBefore = process.cpuUsage();
  });
  const cpu = process.cpuUsage(cpuBefore);
  const bytes = byteDelta(server.bytes(), before);
  const requests = output.requests;
  return {
    devices: devices.length,
    communes: resolved.communes,
    accounts: communes.reduce((sum, commune) => sum + commune.accounts.length, 0),
    householdsPerCommune: resolved.householdsPerCommune,
    mutationsPerDevice: devices[0]?.push.mutations.length ?? 0,
    requests: requests.length,
    errors: output.errors,
    refusedMutations: output.refusedMutations,
    errorSamples: output.errorSamples,
    perRequest: latency(requests.map((r) => r.ms)),
    push: latency(requests.filter((r) => r.kind === 'push').map((r) => r.ms)),
    pull: latency(requests.filter((r) => r.kind === 'pull').map((r) => r.ms)),
    round: latency(output.rounds),
    wallSeconds: output.wallMs / 1000,
    requestsPerSecond: requests.length / (output.wallMs / 1000),
    meanPulledChanges: devices.length ? output.pulledChanges / devices.length : 0,
    bytesPerDevice: { up: Math.round(bytes.read / devices.length), down: Math.round(bytes.written / devices.length) },
    serverCpuMsPerRound: (cpu.user + cpu.system) / 1000 / devices.length,
  };
}
