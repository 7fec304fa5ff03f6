/**
 * QR plaques on the phone: the numbers this device may print (reserved from
 * the server while online, used offline), printing a village's plaques,
 * putting a plaque on a household, replacing a lost or damaged one, and
 * finding what a scanned code means. Every change is one write transaction
 * (record + outbox), like any other edit.
 */
import { uuidv7 } from '../../shared/ids';
import { formatPlaqueCode, villagePrefix } from '../../shared/plaque-code';
import { MAX_PLAQUE_RESERVATION, type Plaque, type PlaqueRetireReason } from '../../shared/plaque';
import type { Household } from '../../shared/household';
import { NetworkError, errorCode, type Transport } from './api';
import type { GoCuaDatabase } from './database';
import { refreshHouseholdIndex } from './household-index';
import { getDeviceId, prepareSeqs, type Member } from './meta';
import { getSession } from './session';
import { DataError, putRecord, writeTransaction } from './write';

/** Numbers [next, end) this device may still use; several ranges once topped up. */
interface NumberRange {
  next: number;
  end: number;
}

const RANGES_KEY = 'plaqueNumbers';
/** Reserved ahead, so a leader can print a village's sheet offline. */
export const PLAQUE_NUMBER_BUFFER = 500;

async function numberRanges(db: GoCuaDatabase): Promise<NumberRange[]> {
  const entry = await db.meta.get(RANGES_KEY);
  return Array.isArray(entry?.value) ? (entry.value as NumberRange[]) : [];
}

/** How many plaque numbers this phone can still print without a connection. */
export async function availablePlaqueNumbers(db: GoCuaDatabase): Promise<number> {
  return (await numberRanges(db)).reduce((sum, range) => sum + (range.end - range.next), 0);
}

/**
 * Makes sure `needed` numbers are on hand, reserving more from the server
 * (with a buffer for later offline printing) when they are not. Offline with
 * too few: a clear error, nothing printed.
 */
export async function ensurePlaqueNumbers(db: GoCuaDatabase, transport: Transport, needed: number): Promise<void> {
  const available = await availablePlaqueNumbers(db);
  if (available >= needed) return;
  const session = await getSession(db);
  if (!session || session.expired) throw new DataError('errors.sessionExpired');
  const count = Math.min(MAX_PLAQUE_RESERVATION, needed - available + PLAQUE_NUMBER_BUFFER);
  if (needed - available > MAX_PLAQUE_RESERVATION) throw new DataError('errors.plaqueTooMany');
  let response;
  try {
    response = await transport('POST', '/api/plaques/reserve', { deviceId: await getDeviceId(db), count }, session.token);
  } catch (error) {
    throw new DataError(error instanceof NetworkError ? 'errors.plaqueNumbersOffline' : 'errors.plaqueReserveFailed', { cause: error });
  }
  if (response.status === 401) throw new DataError('errors.sessionExpired');
  if (response.status === 403) throw new DataError('errors.onlyLeadersPrint');
  if (response.status !== 200) throw new DataError('errors.plaqueReserveFailed', { cause: errorCode(response) });
  const reserved = response.body as { first: number; count: number };
  await db.transaction('rw', db.meta, async () => {
    const ranges = await numberRanges(db);
    ranges.push({ next: reserved.first, end: reserved.first + reserved.count });
    await db.meta.put({ key: RANGES_KEY, value: ranges });
  });
}

/** Takes `count` numbers inside the current write transaction (they are gone only if it commits). */
async function takeNumbers(db: GoCuaDatabase, count: number): Promise<number[]> {
  const ranges = await numberRanges(db);
  const numbers: number[] = [];
  for (const range of ranges) {
    while (numbers.length < count && range.next < range.end) numbers.push(range.next++);
  }
  if (numbers.length < count) throw new DataError('errors.plaqueNumbersOffline');
  await db.meta.put({ key: RANGES_KEY, value: ranges.filter((range) => range.next < range.end) });
  return numbers;
}

function newPlaque(code: string, villageId: string, member: Member, now: string, householdId: string | null): Plaque {
  return {
    id: uuidv7(),
    version: 0,
    createdAt: now,
    updatedAt: now,
    updatedBy: member.id,
    code,
    villageId,
    status: householdId ? 'assigned' : 'unassigned',
    householdId,
    printedBy: member.id,
    assignedAt: householdId ? now : null,
    assignedBy: householdId ? member.id : '',
    retiredAt: null,
    retiredBy: '',
    retiredReason: null,
    replacedBy: '',
  };
}

function retired(plaque: Plaque, reason: PlaqueRetireReason, member: Member, now: string, replacedBy = ''): Plaque {
  return { ...plaque, status: 'retired', retiredAt: now, retiredBy: member.id, retiredReason: reason, replacedBy, updatedAt: now, updatedBy: member.id };
}

function withPlaqueCode(household: Household, code: string, member: Member, now: string): Household {
  return { ...household, plaqueCode: code, updatedAt: now, updatedBy: member.id };
}

export interface PrintRequest {
  villageId: string;
  /** Households to give a plaque each (assigned at once); usually those without one. */
  householdIds?: string[];
  /** Blank plaques to carry along and assign at the gate. */
  blankCount?: number;
}

/**
 * Creates the plaques of a print run in one transaction: unassigned blanks,
 * or one assigned plaque per household (whose plaqueCode is set). Numbers
 * come from this phone's reserved ranges, so it works offline.
 */
export async function createPlaques(db: GoCuaDatabase, request: PrintRequest): Promise<Plaque[]> {
  const householdIds = request.householdIds ?? [];
  const count = householdIds.length + (request.blankCount ?? 0);
  if (count === 0) return [];
  return writeTransaction(db, async (member) => {
    const village = await db.villages.get(request.villageId);
    if (!village) throw new DataError('errors.villageNotFound');
    const households = await db.households.bulkGet(householdIds);
    await prepareSeqs(db);
    const numbers = await takeNumbers(db, count);
    const prefix = villagePrefix(village.name);
    const now = new Date().toISOString();
    const plaques = numbers.map((number, i) => newPlaque(formatPlaqueCode({ prefix, number }), village.id, member, now, householdIds[i] ?? null));
    for (const [i, household] of households.entries()) {
      if (!household) throw new DataError('errors.householdNotFound');
      await putRecord(db, 'household', household, withPlaqueCode(household, plaques[i]!.code, member, now), member);
    }
    for (const plaque of plaques) await putRecord(db, 'plaque', undefined, plaque, member);
    for (const household of households) await refreshHouseholdIndex(db, household!.id);
    return plaques;
  });
}

/**
 * Puts a scanned (unassigned) plaque on a household. A plaque this phone has
 * not synced yet still works: the household carries the code, which is what
 * a scan looks up; its own record catches up when the printer's phone syncs.
 * The household's previous plaque, if any, is retired as replaced.
 */
export async function assignPlaque(db: GoCuaDatabase, code: string, householdId: string): Promise<void> {
  await writeTransaction(db, async (member) => {
    const [household, plaque] = await Promise.all([db.households.get(householdId), db.plaques.where('code').equals(code).first(), prepareSeqs(db)]);
    if (!household) throw new DataError('errors.householdNotFound');
    if (plaque && plaque.status === 'retired') throw new DataError('errors.plaqueRetired');
    if (plaque && plaque.status === 'assigned' && plaque.householdId !== householdId) throw new DataError('errors.plaqueTaken');
    const now = new Date().toISOString();
    await retireCurrent(db, household, 'replaced', member, now, code);
    if (plaque && plaque.status === 'unassigned') {
      await putRecord(db, 'plaque', plaque, { ...plaque, status: 'assigned', householdId, assignedAt: now, assignedBy: member.id, updatedAt: now, updatedBy: member.id }, member);
    }
    await putRecord(db, 'household', household, withPlaqueCode(household, code, member, now), member);
    await refreshHouseholdIndex(db, householdId);
  });
}

/** Retires the household's current plaque record (if this phone has it), pointing at its replacement. */
async function retireCurrent(db: GoCuaDatabase, household: Household, reason: PlaqueRetireReason, member: Member, now: string, replacedBy: string): Promise<void> {
  if (household.plaqueCode === '' || household.plaqueCode === replacedBy) return;
  const current = await db.plaques.where('code').equals(household.plaqueCode).first();
  if (current && current.status !== 'retired') await putRecord(db, 'plaque', current, retired(current, reason, member, now, replacedBy), member);
}

/**
 * A lost or damaged plaque: retired, and a new one made for the household at
 * once (returned, to print). The old code then says it was replaced.
 */
export async function replacePlaque(db: GoCuaDatabase, householdId: string, reason: 'lost' | 'damaged'): Promise<Plaque> {
  return writeTransaction(db, async (member) => {
    const household = await db.households.get(householdId);
    if (!household) throw new DataError('errors.householdNotFound');
    const village = await db.villages.get(household.villageId);
    await prepareSeqs(db);
    const [number] = await takeNumbers(db, 1);
    const now = new Date().toISOString();
    const plaque = newPlaque(formatPlaqueCode({ prefix: villagePrefix(village?.name ?? ''), number: number! }), household.villageId, member, now, householdId);
    await retireCurrent(db, household, reason, member, now, plaque.code);
    await putRecord(db, 'plaque', undefined, plaque, member);
    await putRecord(db, 'household', household, withPlaqueCode(household, plaque.code, member, now), member);
    await refreshHouseholdIndex(db, householdId);
    return plaque;
  });
}

/** Called inside the erase transaction: the household's plaques leave service (no personal data is on them). */
export async function retirePlaquesOf(db: GoCuaDatabase, householdId: string, member: Member): Promise<void> {
  const plaques = await db.plaques.where('householdId').equals(householdId).toArray();
  const now = new Date().toISOString();
  for (const plaque of plaques) {
    if (plaque.status !== 'retired') await putRecord(db, 'plaque', plaque, retired(plaque, 'household_erased', member, now), member);
  }
}

export type PlaqueResolution =
  /** The plaque's household: open it (after a warning when it is in another village than the working one). */
  | { kind: 'household'; householdId: string; villageId: string; otherVillageName: string | null }
  /** Printed, not on a gate yet: offer to register a household with it. */
  | { kind: 'unassigned'; plaque: Plaque }
  /** Replaced or out of service: which household it was on and its new code. */
  | { kind: 'retired'; plaque: Plaque; householdId: string | null; replacedBy: string }
  /** A valid code this phone knows nothing of (printed elsewhere, not synced yet): offer registration too. */
  | { kind: 'unknown'; code: string };

/** What a scanned or typed (valid) code means on this phone. */
export async function resolvePlaque(db: GoCuaDatabase, code: string, workingVillageId: string | null): Promise<PlaqueResolution> {
  const [plaque, household] = await Promise.all([
    db.plaques.where('code').equals(code).first(),
    db.households.where('plaqueCode').equals(code).first(),
  ]);
  if (plaque?.status === 'retired') {
    return { kind: 'retired', plaque, householdId: plaque.householdId, replacedBy: plaque.replacedBy };
  }
  const found = household ?? (plaque?.householdId ? await db.households.get(plaque.householdId) : undefined);
  if (found) {
    const inOtherVillage = workingVillageId !== null && found.villageId !== workingVillageId;
    const otherVillageName = inOtherVillage ? ((await db.villages.get(found.villageId))?.name ?? '') : null;
    return { kind: 'household', householdId: found.id, villageId: found.villageId, otherVillageName };
  }
  if (plaque) return { kind: 'unassigned', plaque };
  return { kind: 'unknown', code };
}
