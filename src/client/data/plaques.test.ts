// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_VILLAGE_ID, registration, VILLAGE_ID } from '../../../tests/support/fixtures';
import { expectDataError, openTestDatabase } from '../../../tests/support/database';
import { offline, reservingServer } from '../../../tests/support/transports';
import { formatPlaqueCode, parsePlaqueCode } from '../../shared/plaque-code';
import { plaqueSchema } from '../../shared/plaque';
import type { Transport } from './api';
import type { GoCuaDatabase } from './database';
import { eraseHousehold, registerHousehold } from './households';
import {
  assignPlaque,
  availablePlaqueNumbers,
  createPlaques,
  ensurePlaqueNumbers,
  replacePlaque,
  resolvePlaque,
} from './plaques';

let db: GoCuaDatabase;

const NOW = new Date().toISOString();

beforeEach(async () => {
  db = await openTestDatabase();
  await db.villages.bulkPut([
    { id: VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Đông Hòa', communeName: 'Xã An', provinceName: '', legacyDistrict: '' },
    { id: OTHER_VILLAGE_ID, version: 1, createdAt: NOW, updatedAt: NOW, updatedBy: 'x', name: 'Thôn Bắc', communeName: 'Xã An', provinceName: '', legacyDistrict: '' },
  ]);
  await db.meta.put({
    key: 'session',
    value: { token: 't0k3n', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 'u1', username: 'lan', displayName: 'Lan', role: 'leader', communeId: 'c1' }, commune: null, team: {}, expired: false },
  });
});

afterEach(() => db.close());

describe('plaque numbers', () => {
  it('are reserved from the server with a buffer, then used offline until they run out', async () => {
    const server = reservingServer(100);
    await ensurePlaqueNumbers(db, server.transport, 10);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]).toMatchObject({ path: '/api/plaques/reserve', token: 't0k3n', body: { count: 510 } });
    expect(await availablePlaqueNumbers(db)).toBe(510);

    await ensurePlaqueNumbers(db, offline, 510);
    const plaques = await createPlaques(db, { villageId: VILLAGE_ID, blankCount: 500 });
    expect(plaques.map((plaque) => parsePlaqueCode(plaque.code))).toEqual(
      plaques.map((_, i) => ({ ok: true, code: plaques[i]!.code, prefix: 'DH', number: 100 + i })),
    );
    expect(await availablePlaqueNumbers(db)).toBe(10);
    await expectDataError(ensurePlaqueNumbers(db, offline, 11), 'errors.plaqueNumbersOffline');
    await expectDataError(createPlaques(db, { villageId: VILLAGE_ID, blankCount: 11 }), 'errors.plaqueNumbersOffline');
    // The failed run took nothing.
    expect(await availablePlaqueNumbers(db)).toBe(10);
    expect(await db.plaques.count()).toBe(500);
  });

  it('never repeat across runs, and a failed print keeps its numbers', async () => {
    const server = reservingServer();
    await ensurePlaqueNumbers(db, server.transport, 20);
    const first = await createPlaques(db, { villageId: VILLAGE_ID, blankCount: 7 });
    await expectDataError(createPlaques(db, { villageId: VILLAGE_ID, householdIds: ['01933c61-0a2b-7c3d-8e4f-5a6b7c8d9e0f'] }), 'errors.householdNotFound');
    const second = await createPlaques(db, { villageId: OTHER_VILLAGE_ID, blankCount: 5 });
    const codes = [...first, ...second].map((plaque) => plaque.code);
    expect(new Set(codes).size).toBe(12);
    expect(second.map((plaque) => parsePlaqueCode(plaque.code)).every((parsed) => parsed.ok && parsed.prefix === 'B' && parsed.number >= 8 && parsed.number <= 12)).toBe(true);
  });

  it('are for leaders: a member gets a clear error', async () => {
    const transport: Transport = async () => ({ status: 403, body: { error: 'forbidden' } });
    await expectDataError(ensurePlaqueNumbers(db, transport, 1), 'errors.onlyLeadersPrint');
  });
});

describe('printing and assigning plaques', () => {
  beforeEach(async () => {
    await ensurePlaqueNumbers(db, reservingServer().transport, 50);
  });

  it('gives households without a plaque one each: record, household code and outbox in one go', async () => {
    const a = await registerHousehold(db, registration());
    const b = await registerHousehold(db, registration());
    const plaques = await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [a.id, b.id], blankCount: 1 });
    expect(plaques.map((plaque) => [plaque.status, plaque.householdId])).toEqual([
      ['assigned', a.id],
      ['assigned', b.id],
      ['unassigned', null],
    ]);
    for (const plaque of plaques) expect(plaqueSchema.parse(plaque)).toEqual(plaque);
    expect((await db.households.get(a.id))?.plaqueCode).toBe(plaques[0]!.code);
    expect((await db.householdIndex.get(b.id))?.plaqueCode).toBe(plaques[1]!.code);
    const queued = (await db.outbox.toArray()).filter((entry) => entry.entity === 'plaque');
    expect(queued.map((entry) => entry.id).sort()).toEqual(plaques.map((plaque) => plaque.id).sort());
  });

  it('resolves each state of a scanned code', async () => {
    const household = await registerHousehold(db, registration());
    const [onGate, blank] = await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [household.id], blankCount: 1 });
    expect(await resolvePlaque(db, onGate!.code, VILLAGE_ID)).toEqual({ kind: 'household', householdId: household.id, villageId: VILLAGE_ID, otherVillageName: null });
    expect(await resolvePlaque(db, onGate!.code, OTHER_VILLAGE_ID)).toMatchObject({ kind: 'household', otherVillageName: 'Thôn Đông Hòa' });
    expect(await resolvePlaque(db, blank!.code, VILLAGE_ID)).toMatchObject({ kind: 'unassigned', plaque: { code: blank!.code } });
    expect(await resolvePlaque(db, 'DH-9999-X', VILLAGE_ID)).toEqual({ kind: 'unknown', code: 'DH-9999-X' });

    const replacement = await replacePlaque(db, household.id, 'lost');
    expect(await resolvePlaque(db, onGate!.code, VILLAGE_ID)).toMatchObject({
      kind: 'retired',
      householdId: household.id,
      replacedBy: replacement.code,
      plaque: { retiredReason: 'lost', status: 'retired' },
    });
    expect(await resolvePlaque(db, replacement.code, VILLAGE_ID)).toMatchObject({ kind: 'household', householdId: household.id });
    expect((await db.households.get(household.id))?.plaqueCode).toBe(replacement.code);
  });

  it('assigns a blank plaque at the gate, retiring the household’s old one; a taken or retired plaque is refused', async () => {
    const household = await registerHousehold(db, registration());
    const neighbour = await registerHousehold(db, registration());
    const [old, blank, spare] = await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [household.id], blankCount: 2 });
    await assignPlaque(db, blank!.code, household.id);
    expect(await db.plaques.get(blank!.id)).toMatchObject({ status: 'assigned', householdId: household.id });
    expect(await db.plaques.get(old!.id)).toMatchObject({ status: 'retired', retiredReason: 'replaced', replacedBy: blank!.code });
    await expectDataError(assignPlaque(db, blank!.code, neighbour.id), 'errors.plaqueTaken');
    await expectDataError(assignPlaque(db, old!.code, neighbour.id), 'errors.plaqueRetired');
    // A code printed on another phone and not synced here yet still goes on the gate.
    const unsynced = formatPlaqueCode({ prefix: 'DH', number: 4242 });
    await assignPlaque(db, unsynced, neighbour.id);
    expect((await db.households.get(neighbour.id))?.plaqueCode).toBe(unsynced);
    expect(await resolvePlaque(db, unsynced, VILLAGE_ID)).toMatchObject({ kind: 'household', householdId: neighbour.id });
    expect(spare!.status).toBe('unassigned');
  });

  it('retires the plaques of an erased household', async () => {
    const household = await registerHousehold(db, registration());
    const [plaque] = await createPlaques(db, { villageId: VILLAGE_ID, householdIds: [household.id] });
    await eraseHousehold(db, household.id);
    expect(await db.plaques.get(plaque!.id)).toMatchObject({ status: 'retired', retiredReason: 'household_erased' });
    expect(await resolvePlaque(db, plaque!.code, VILLAGE_ID)).toMatchObject({ kind: 'retired', replacedBy: '' });
  });
});
