/**
 * One seed of the sync simulation: a commune with 2–3 villages, a leader and
 * four members on 5–6 phones (the real client data layer, each over its own
 * fake-indexeddb database), the real server in-process, and a seeded
 * scheduler that interleaves local edits, syncs, going offline and online,
 * and the failures of SYNC.md: lost requests and answers, duplicates,
 * replays, requests overtaken by others, server restarts, expired sessions,
 * device clocks days off, small batches, weeks offline, villages taken away
 * while a member is offline, and records erased while another phone still
 * edits them. At the end every phone comes back, signs in and syncs until
 * quiet, and the invariants (invariants.ts) are checked.
 */
import { vi } from 'vitest';
import { NetworkError } from '../../../src/client/data/api';
import { GoCuaDatabase, type OutboxEntry } from '../../../src/client/data/database';
import { eraseHousehold } from '../../../src/client/data/households';
import { getDeviceId } from '../../../src/client/data/meta';
import { getSession, signIn } from '../../../src/client/data/session';
import { syncNow, type SyncOutcome } from '../../../src/client/data/sync-engine';
import { resolveIssue } from '../../../src/client/data/sync-issues';
import { createVillage } from '../../../src/client/data/villages';
import { tableOf } from '../../../src/client/data/sync-apply';
import { DataError } from '../../../src/client/data/write';
import { flattenRecord, sameValue } from '../../../src/shared/fields';
import type { KyselyStore } from '../../../src/server/store/kysely-store';
import type { User } from '../../../src/server/store/store';
import { fastPasswordHash, openTestStore, PASSWORD, resetPostgres } from '../harness';
import { EDIT_WEIGHTS, editHousehold, FIELD_WORK_WEIGHTS, randomEdit } from './edits';
import { checkInvariants } from './invariants';
import { Ledger } from './ledger';
import { DeviceLink, SimServer } from './network';
import { Rng } from './prng';

const DAY = 24 * 60 * 60 * 1000;
const PUSH = '/api/sync/push';
const PULL = '/api/sync/pull';

export interface SimDevice {
  name: string;
  username: string;
  user: User;
  db: GoCuaDatabase;
  link: DeviceLink;
  /** How far this phone's clock is off, applied around its local edits only. */
  clockOffsetMs: number;
}

export interface SimResult {
  problems: string[];
  trace: string[];
  summary: string;
}

type Step =
  | 'edit'
  | 'sync'
  | 'toggleOnline'
  | 'editDuringSync'
  | 'editWhileSyncRuns'
  | 'overtake'
  | 'restart'
  | 'expireSession'
  | 'signInAgain'
  | 'changeScope'
  | 'scopeLossWhileOffline'
  | 'eraseWhileOffline'
  | 'weeksOffline'
  | 'resolveIssue'
  | 'replay'
  | 'shiftClock'
  | 'newVillage'
  | 'concurrentSyncs'
  | 'handOver';

const STEP_WEIGHTS: Readonly<Record<Step, number>> = {
  edit: 40,
  sync: 22,
  toggleOnline: 7,
  editDuringSync: 4,
  editWhileSyncRuns: 3,
  overtake: 3,
  restart: 1.5,
  expireSession: 2,
  signInAgain: 4,
  changeScope: 2,
  scopeLossWhileOffline: 2,
  eraseWhileOffline: 2,
  weeksOffline: 0.5,
  resolveIssue: 2,
  replay: 2,
  shiftClock: 2,
  newVillage: 0.5,
  concurrentSyncs: 3,
  handOver: 0.7,
};

let databaseCounter = 0;

class Simulation {
  readonly ledger = new Ledger();
  readonly trace: string[] = [];
  readonly problems: string[] = [];
  readonly devices: SimDevice[] = [];
  readonly outcomes: Partial<Record<SyncOutcome, number>> = {};
  private server!: SimServer;
  private communeId = '';
  private leader!: User;
  private members: User[] = [];
  private weeksOfflineDone = false;
  private stepNumber = -1;

  constructor(
    readonly store: KyselyStore,
    readonly rng: Rng,
  ) {}

  log(message: string): void {
    this.trace.push(`${this.stepNumber}: ${message}`);
  }

  async setUp(): Promise<void> {
    this.server = await SimServer.start(this.store, this.ledger);
    const commune = await this.store.createCommune({ name: 'Xã Mô Phỏng', provinceName: 'Tỉnh Thử' });
    this.communeId = commune.id;
    const passwordHash = fastPasswordHash();
    this.leader = await this.store.createUser({ communeId: commune.id, role: 'leader', username: 'leader', displayName: 'Tổ Trưởng', passwordHash });
    for (let i = 0; i < 4; i++) {
      this.members.push(
        await this.store.createUser({ communeId: commune.id, role: 'member', username: `member${i}`, displayName: `Thành Viên ${i}`, passwordHash }),
      );
    }
    const phones: Array<[string, User]> = [['leader', this.leader], ...this.members.map((member, i): [string, User] => [`member${i}`, member])];
    // Sometimes a member has two phones: the same account, two device ids, two queues.
    if (this.rng.chance(0.5)) phones.push(['member0-second', this.members[0]!]);
    for (const [name, user] of phones) {
      const db = new GoCuaDatabase(`sim-${process.pid}-${databaseCounter++}-${name}`);
      const link = new DeviceLink(name, this.server, this.rng.fork(`net ${name}`), this.ledger);
      await signIn(db, link.transport, user.username, PASSWORD);
      this.devices.push({ name, username: user.username, user, db, link, clockOffsetMs: 0 });
    }
    const leaderPhone = this.devices[0]!;
    const villageCount = this.rng.int(2, 3);
    const villageIds: string[] = [];
    for (let i = 0; i < villageCount; i++) {
      const village = await createVillage(leaderPhone.db, { name: `Thôn ${i + 1}`, communeName: 'Xã Mô Phỏng', provinceName: 'Tỉnh Thử', legacyDistrict: '' });
      villageIds.push(village.id);
    }
    await this.sync(leaderPhone);
    for (const member of this.members) {
      const assigned = villageIds.filter(() => this.rng.chance(0.7));
      await this.store.setUserVillages(member.id, assigned.length > 0 ? assigned : [this.rng.pick(villageIds)]);
    }
    for (const device of this.devices) await this.sync(device);
    // Each phone's network: some clean, some poor.
    for (const device of this.devices) device.link.faultRate = this.rng.pick([0, 0.05, 0.15, 0.3]);
    this.log(`devices ${this.devices.map((d) => `${d.name}(faults ${d.link.faultRate})`).join(', ')}; ${villageCount} villages`);
  }

  /** Runs `work` with this phone's clock: Date is shifted for its local edits only. */
  private async onPhoneClock<T>(device: SimDevice, work: () => Promise<T>): Promise<T> {
    if (device.clockOffsetMs === 0) return work();
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + device.clockOffsetMs);
    try {
      return await work();
    } finally {
      vi.useRealTimers();
    }
  }

  private async outboxSeqs(device: SimDevice): Promise<number[]> {
    return (await device.db.outbox.toCollection().primaryKeys()) as number[];
  }

  /** SYNC.md #7: only entries the server acknowledged (and the device heard back about) leave the outbox. */
  private async checkDepartures(device: SimDevice, before: number[]): Promise<void> {
    const after = new Set(await this.outboxSeqs(device));
    const deviceId = await getDeviceId(device.db);
    for (const seq of before) {
      if (!after.has(seq) && !this.ledger.deliveredTo(deviceId, seq)) {
        this.problems.push(`step ${this.stepNumber}: ${device.name} seq ${seq} left the outbox without an acknowledgement`);
      }
    }
  }

  /**
   * SYNC.md #8: whatever the server sent, the member's pending edits are on top: for every field
   * an outbox entry still carries, the local record holds the newest pending value.
   */
  private async checkPendingOnTop(device: SimDevice, when: string): Promise<void> {
    const pending = await device.db.outbox.orderBy('seq').toArray();
    const newest = new Map<string, { entity: OutboxEntry['entity']; id: string; field: string; value: unknown; deleted: boolean }>();
    const deleted = new Set(pending.filter((entry) => entry.op === 'delete').map((entry) => entry.id));
    for (const entry of pending) {
      if (entry.op !== 'put') continue;
      for (const [field, value] of Object.entries(entry.fields)) {
        newest.set(`${entry.id} ${field}`, { entity: entry.entity, id: entry.id, field, value, deleted: deleted.has(entry.id) });
      }
    }
    for (const { entity, id, field, value, deleted: gone } of newest.values()) {
      if (gone) continue;
      const local = await tableOf(device.db, entity).get(id);
      // Gone from the phone: deleted by the server (the edit will come back as a conflict) or out of scope.
      if (!local) continue;
      const held = flattenRecord(local)[field];
      if (!sameValue(held, value)) {
        this.problems.push(`step ${this.stepNumber} (${when}): ${device.name} lost its pending ${field} of ${entity} ${id}: holds ${JSON.stringify(held)}, queued ${JSON.stringify(value)}`);
      }
    }
  }

  private syncOptions(device: SimDevice, batchSize?: number, pullLimit = this.rng.chance(0.3) ? this.rng.int(2, 7) : undefined) {
    // Small batches and pages cross batch and page boundaries (SYNC.md #25).
    const size = batchSize ?? (this.rng.chance(0.4) ? this.rng.int(1, 7) : undefined);
    device.link.maxPushSize = size ?? 100;
    return {
      transport: device.link.transport,
      appVersion: 'sim',
      ...(size === undefined ? {} : { batchSize: size }),
      ...(pullLimit === undefined ? {} : { pullLimit }),
    };
  }

  private countOutcome(outcome: SyncOutcome): void {
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    // Every 200 answer acknowledges its whole batch, and the simulation never sends a body over
    // the size limit nor makes a seq gap: a sync that stops for lack of progress is stuck for nothing.
    if (outcome === 'no_progress') this.problems.push(`step ${this.stepNumber}: a sync gave up with no_progress`);
  }

  async sync(device: SimDevice, batchSize?: number, pullLimit?: number): Promise<SyncOutcome> {
    const before = await this.outboxSeqs(device);
    const options = pullLimit === undefined ? this.syncOptions(device, batchSize) : this.syncOptions(device, batchSize, pullLimit);
    const outcome = await syncNow(device.db, options);
    this.countOutcome(outcome);
    await this.checkDepartures(device, before);
    await this.checkPendingOnTop(device, 'after a sync');
    if (outcome === 'signed_out' && !(await getSession(device.db))?.expired) {
      this.problems.push(`step ${this.stepNumber}: ${device.name} reported signed_out with a live session`);
    }
    this.log(`sync ${device.name} (batch ${options.batchSize ?? 'default'}, pull ${options.pullLimit ?? 'default'}) → ${outcome}, ${(await this.outboxSeqs(device)).length} left`);
    return outcome;
  }

  private async edit(device: SimDevice, weights = EDIT_WEIGHTS): Promise<void> {
    const kind = this.rng.weighted(weights);
    const done = await this.onPhoneClock(device, () => randomEdit(device.db, this.rng, kind));
    this.log(`${device.name}: ${done}`);
  }

  private randomDevice(filter: (device: SimDevice) => boolean = () => true): SimDevice | undefined {
    const candidates = this.devices.filter(filter);
    return candidates.length > 0 ? this.rng.pick(candidates) : undefined;
  }

  async step(step: Step): Promise<void> {
    switch (step) {
      case 'edit': {
        const device = this.randomDevice()!;
        for (let i = this.rng.int(1, 3); i > 0; i--) await this.edit(device);
        return;
      }
      case 'sync': {
        const device = this.randomDevice((d) => d.link.online) ?? this.randomDevice()!;
        await this.sync(device);
        return;
      }
      case 'toggleOnline': {
        const device = this.randomDevice()!;
        device.link.online = !device.link.online;
        this.log(`${device.name} goes ${device.link.online ? 'online' : 'offline'}`);
        return;
      }
      case 'editDuringSync':
        return this.editDuringSync();
      case 'editWhileSyncRuns': {
        // A sync started, and the member edits before it finishes (no hold: the event loop decides).
        const device = this.randomDevice((d) => d.link.online && d.clockOffsetMs === 0);
        if (!device) return;
        const before = await this.outboxSeqs(device);
        const running = syncNow(device.db, this.syncOptions(device));
        const done = await randomEdit(device.db, this.rng, this.rng.weighted(EDIT_WEIGHTS));
        const outcome = await running;
        this.countOutcome(outcome);
        await this.checkDepartures(device, before);
        await this.checkPendingOnTop(device, 'after an edit during a sync');
        this.log(`${device.name}: ${done} while a sync ran → ${outcome}`);
        return;
      }
      case 'overtake':
        return this.overtake();
      case 'restart':
        await this.server.restart();
        this.log('server restarts');
        return;
      case 'expireSession': {
        const user = this.rng.pick([this.leader, ...this.members]);
        await this.store.revokeUserSessions(user.id, new Date().toISOString());
        this.log(`sessions of ${user.username} expire`);
        return;
      }
      case 'signInAgain':
        for (const device of this.devices) {
          if ((await getSession(device.db))?.expired) await this.signIn(device);
        }
        return;
      case 'changeScope':
        return this.changeScope();
      case 'scopeLossWhileOffline':
        return this.scopeLossWhileOffline();
      case 'eraseWhileOffline':
        return this.eraseWhileOffline();
      case 'weeksOffline':
        return this.weeksOffline();
      case 'resolveIssue': {
        const withIssues: SimDevice[] = [];
        for (const device of this.devices) if ((await this.openIssues(device)).length > 0) withIssues.push(device);
        if (withIssues.length > 0) await this.resolveIssue(this.rng.pick(withIssues));
        return;
      }
      case 'replay': {
        const device = this.randomDevice((d) => d.link.replays.length > 0);
        if (!device) return;
        const status = await device.link.replay(this.rng.int(0, device.link.replays.length - 1));
        this.log(`an old push of ${device.name} is replayed → ${status}`);
        return;
      }
      case 'shiftClock': {
        const device = this.randomDevice()!;
        device.clockOffsetMs = this.rng.pick([0, -9 * DAY, -3 * DAY, 2 * DAY, 7 * DAY]);
        this.log(`${device.name}'s clock is off by ${device.clockOffsetMs / DAY} days`);
        return;
      }
      case 'concurrentSyncs': {
        // Phones syncing at the same moment: on PostgreSQL their pushes really run side by side,
        // and versions must still follow commit order (SYNC.md #6).
        const online = this.devices.filter((d) => d.link.online);
        if (online.length < 2) return;
        const chosen = this.rng.sample(online, this.rng.int(2, Math.min(3, online.length)));
        this.log(`${chosen.map((device) => device.name).join(' and ')} sync at the same time`);
        await Promise.all(chosen.map((device) => this.sync(device)));
        return;
      }
      case 'handOver': {
        // A phone with nothing queued changes hands: another member signs in; it starts afresh.
        const device = this.randomDevice((d) => d.link.online && d.user.role === 'member');
        if (!device || (await device.db.outbox.count()) > 0) return;
        const next = this.rng.pick(this.members.filter((member) => member.id !== device.user.id));
        const previous = device.username;
        device.user = next;
        device.username = next.username;
        if (await this.signIn(device)) {
          this.log(`${device.name} handed over from ${previous} to ${next.username}`);
        } else {
          device.user = this.members.find((member) => member.username === previous)!;
          device.username = previous;
        }
        return;
      }
      case 'newVillage': {
        const leaderPhone = this.devices[0]!;
        const village = await this.onPhoneClock(leaderPhone, () =>
          createVillage(leaderPhone.db, { name: `Thôn mới ${this.stepNumber}`, communeName: 'Xã Mô Phỏng', provinceName: '', legacyDistrict: '' }),
        );
        this.log(`leader creates village ${village.id}`);
        return;
      }
    }
  }

  private async openIssues(device: SimDevice) {
    return (await device.db.syncIssues.toArray()).filter((issue) => issue.resolvedAt === null);
  }

  /** The member settles one open issue: keeps the server's value, or puts theirs back (a new edit). */
  private async resolveIssue(device: SimDevice): Promise<boolean> {
    const open = await this.openIssues(device);
    if (open.length === 0) return false;
    const issue = this.rng.pick(open);
    const choice = this.rng.pick(['mine', 'theirs'] as const);
    try {
      await this.onPhoneClock(device, () => resolveIssue(device.db, issue.id, choice));
      this.log(`${device.name} resolves ${issue.kind} on ${issue.field ?? '-'} of ${issue.recordId}: ${choice}`);
      return true;
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      this.log(`${device.name} cannot resolve ${issue.id}: ${error.messageKey}`);
      return false;
    }
  }

  private async signIn(device: SimDevice): Promise<boolean> {
    try {
      await signIn(device.db, device.link.transport, device.username, PASSWORD);
      this.log(`${device.name} signs in again`);
      return true;
    } catch (error) {
      if (!(error instanceof DataError) && !(error instanceof NetworkError)) throw error;
      this.log(`${device.name} cannot sign in: ${error instanceof DataError ? error.messageKey : 'network'}`);
      return false;
    }
  }

  /** SYNC.md #7/#8: a request held in flight while the member keeps editing; then it completes. */
  private async editDuringSync(): Promise<void> {
    const device = this.randomDevice((d) => d.link.online);
    if (!device) return;
    const path = this.rng.pick([PUSH, PULL]);
    const before = await this.outboxSeqs(device);
    const hold = device.link.holdNext(path);
    const running = syncNow(device.db, this.syncOptions(device));
    const held = await Promise.race([hold.reached.then(() => true), running.then(() => false)]);
    if (held) {
      for (let i = this.rng.int(1, 2); i > 0; i--) await this.edit(device);
    }
    hold.release();
    const outcome = await running;
    this.countOutcome(outcome);
    await this.checkDepartures(device, before);
    await this.checkPendingOnTop(device, 'after a sync with a held request');
    this.log(`${device.name}: sync with ${path} held ${held ? 'while editing' : '(never reached)'} → ${outcome}`);
  }

  /** A push held back while another phone syncs first: its changes reach the server after the other's. */
  private async overtake(): Promise<void> {
    const first = this.randomDevice((d) => d.link.online);
    const second = this.randomDevice((d) => d.link.online && d !== first);
    if (!first || !second) return;
    const before = await this.outboxSeqs(first);
    const hold = first.link.holdNext(PUSH);
    const running = syncNow(first.db, this.syncOptions(first));
    const held = await Promise.race([hold.reached.then(() => true), running.then(() => false)]);
    if (held) {
      if (this.rng.chance(0.5)) await this.edit(second);
      await this.sync(second);
    }
    hold.release();
    const outcome = await running;
    this.countOutcome(outcome);
    await this.checkDepartures(first, before);
    await this.checkPendingOnTop(first, 'after an overtaken push');
    this.log(`${first.name}'s push ${held ? `overtaken by ${second.name}` : 'had nothing to hold'} → ${outcome}`);
  }

  private async changeScope(): Promise<void> {
    const member = this.rng.pick(this.members);
    const all = (await this.store.listVillages(this.communeId)).map((village) => village.id);
    const current = await this.store.userVillageIds(member.id);
    const missing = all.filter((id) => !current.includes(id));
    let next: string[];
    if (missing.length > 0 && (current.length <= 1 || this.rng.chance(0.5))) next = [...current, this.rng.pick(missing)];
    else next = current.filter((id) => id !== this.rng.pick(current));
    await this.store.setUserVillages(member.id, next);
    this.log(`${member.username} now works in ${next.length} villages (was ${current.length})`);
  }

  /** SYNC.md #22: edits queued offline for a village the leader then takes away. */
  private async scopeLossWhileOffline(): Promise<void> {
    const device = this.randomDevice((d) => d.user.role === 'member');
    if (!device) return;
    const assigned = await this.store.userVillageIds(device.user.id);
    const households = (await device.db.households.toArray()).filter((household) => assigned.includes(household.villageId));
    if (households.length === 0) return;
    const household = this.rng.pick(households);
    device.link.online = false;
    for (let i = this.rng.int(1, 3); i > 0; i--) {
      this.log(`${device.name} (offline): ${await this.onPhoneClock(device, () => editHousehold(device.db, this.rng, household.id))}`);
    }
    await this.store.setUserVillages(device.user.id, assigned.filter((id) => id !== household.villageId));
    this.log(`leader takes village ${household.villageId} from ${device.username} while ${device.name} is offline`);
  }

  /** SYNC.md #21: a phone offline keeps editing a household another phone erases meanwhile. */
  private async eraseWhileOffline(): Promise<void> {
    const device = this.randomDevice();
    if (!device) return;
    const households = await device.db.households.toArray();
    if (households.length === 0) return;
    const household = this.rng.pick(households);
    const others: SimDevice[] = [];
    for (const other of this.devices) {
      if (other !== device && other.link.online && (await other.db.households.get(household.id))) others.push(other);
    }
    if (others.length === 0) return;
    const eraser = this.rng.pick(others);
    device.link.online = false;
    this.log(`${device.name} goes offline`);
    if (this.rng.chance(0.5)) this.log(`${device.name} (offline): ${await this.onPhoneClock(device, () => editHousehold(device.db, this.rng, household.id))}`);
    await this.sync(eraser);
    try {
      await this.onPhoneClock(eraser, () => eraseHousehold(eraser.db, household.id));
      this.log(`${eraser.name} erases ${household.id}`);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      this.log(`${eraser.name} cannot erase ${household.id}: ${error.messageKey}`);
    }
    await this.sync(eraser);
    for (let i = this.rng.int(1, 3); i > 0; i--) {
      this.log(`${device.name} (offline): ${await this.onPhoneClock(device, () => editHousehold(device.db, this.rng, household.id))}`);
    }
  }

  /** SYNC.md #24: weeks in the field without signal, hundreds of changes, then bounded batches. */
  private async weeksOffline(): Promise<void> {
    if (this.weeksOfflineDone) return;
    this.weeksOfflineDone = true;
    const device = this.randomDevice()!;
    device.link.online = false;
    const count = this.rng.int(60, 150);
    for (let i = 0; i < count; i++) {
      await this.onPhoneClock(device, () => randomEdit(device.db, this.rng, this.rng.weighted(FIELD_WORK_WEIGHTS)));
    }
    const queued = await device.db.outbox.count();
    this.log(`${device.name} works offline for weeks: ${count} edits, ${queued} queued`);
    device.link.online = true;
    await this.sync(device, this.rng.int(5, 30));
  }

  async run(steps: number): Promise<void> {
    for (this.stepNumber = 0; this.stepNumber < steps; this.stepNumber++) {
      await this.step(this.rng.weighted(STEP_WEIGHTS));
    }
  }

  /** Everyone back online with a clean network, signed in, synced until quiet; then the invariants. */
  async settle(): Promise<void> {
    this.stepNumber = -2;
    for (const device of this.devices) {
      device.link.online = true;
      device.link.faultRate = 0;
      while (device.link.replays.length > 0) await device.link.replay(0);
    }
    for (const device of this.devices) {
      const session = await getSession(device.db);
      if (!session || session.expired) {
        if (!(await this.signIn(device))) this.problems.push(`${device.name} cannot sign in on a clean network`);
      }
    }
    let passes = 2;
    for (let pass = 1; pass <= passes; pass++) {
      if (pass === 2) {
        // Issues mostly surface now, when the long-offline phones come back: members settle some,
        // and then everyone syncs twice more.
        for (const device of this.devices) {
          if (this.rng.chance(0.6) && (await this.resolveIssue(device))) passes = 3;
        }
      }
      for (const device of this.devices) {
        let outcome = await this.sync(device, 100, 1000);
        // A session revoked while the phone was not looking shows up now: the member signs in again (SYNC.md #23).
        if (outcome === 'signed_out' && (await this.signIn(device))) outcome = await this.sync(device, 100, 1000);
        if (outcome !== 'synced') this.problems.push(`final sync pass ${pass}: ${device.name} → ${outcome}`);
      }
    }
    this.problems.push(...this.server.failures);
    for (const device of this.devices) this.problems.push(...device.link.problems);
    this.problems.push(
      ...(await checkInvariants({ store: this.store, communeId: this.communeId, ledger: this.ledger, devices: this.devices })),
    );
  }

  summary(): string {
    const faults = this.devices.reduce((sum, device) => sum + device.link.stats.faults, 0);
    const largest = Math.max(...this.devices.map((device) => device.link.stats.largestPush));
    const statuses: Record<string, number> = {};
    for (const entry of this.ledger.entries) {
      const key = entry.result.deleted && entry.result.status === 'conflict' ? 'deleted' : entry.result.status;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    return (
      `${this.devices.length} devices, ${this.ledger.entries.length} mutations ${JSON.stringify(statuses)}, ` +
      `${this.ledger.stats.pushes} pushes (${this.ledger.stats.repeats} repeated answers, largest ${largest}), ` +
      `${faults} faults, ${this.server.restarts} restarts, syncs ${JSON.stringify(this.outcomes)}`
    );
  }

  async close(): Promise<void> {
    await this.server.close();
    for (const device of this.devices) await device.db.delete();
  }
}

/**
 * Runs one seed. SQLite gets a fresh in-memory database; PostgreSQL reuses
 * the open `shared` store, emptied first (reconnecting and migrating for
 * every seed would cost more than the seed itself).
 */
export async function runSeed(kind: 'sqlite' | 'postgres', seed: number, steps: number, shared?: KyselyStore): Promise<SimResult> {
  const store = shared ?? (await openTestStore(kind, { database: 'sync_simulation' }));
  if (shared && kind === 'postgres') await resetPostgres(shared);
  const simulation = new Simulation(store, new Rng(seed));
  const cpu: number[] = [];
  const lap = () => {
    const { user, system } = process.cpuUsage();
    cpu.push((user + system) / 1000);
  };
  try {
    lap();
    await simulation.setUp();
    lap();
    await simulation.run(steps);
    lap();
    await simulation.settle();
    lap();
    const [start = 0, setUp = 0, ran = 0, settled = 0] = cpu;
    const timing = `; CPU ms: set-up ${Math.round(setUp - start)}, steps ${Math.round(ran - setUp)}, settle and checks ${Math.round(settled - ran)}`;
    return { problems: simulation.problems, trace: simulation.trace, summary: simulation.summary() + timing };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { problems: [`crashed: ${message}`], trace: simulation.trace, summary: simulation.summary() };
  } finally {
    vi.useRealTimers();
    await simulation.close().catch(() => undefined);
    if (!shared) await store.close();
  }
}
