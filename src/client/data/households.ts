/**
 * Households and their members: register, edit, tick checklist items, erase.
 * Every function is one write transaction through `write.ts`, and refreshes
 * the household's index row in the same transaction.
 */
import { findItem } from '../../shared/catalogue';
import {
  householdInputSchema,
  type Consent,
  type ConsentInput,
  type Household,
  type HouseholdInput,
} from '../../shared/household';
import { uuidv7 } from '../../shared/ids';
import { personInputSchema, type Person, type PersonInput } from '../../shared/person';
import { cleanName } from '../../shared/text';
import { defaultRules } from './checklist';
import type { GoCuaDatabase } from './database';
import { refreshHouseholdIndex } from './household-index';
import type { Member } from './meta';
import { retirePlaquesOf } from './plaques';
import { parseInput, ValidationError } from './validation';
import { DataError, deleteRecord, putRecord, writeTransaction } from './write';

export interface Registration {
  household: HouseholdInput;
  /** The answer to "runs a business?" ('yes' / 'no' / 'unknown'), kept as the hh.business item. */
  business: string;
  /** The head's birth year, kept on the head's own person record. */
  headBirthYear: number | null;
  members: PersonInput[];
}

const BUSINESS_ITEM = 'hh.business';

export type ItemTarget = { kind: 'household'; id: string } | { kind: 'person'; id: string };

function stamp(member: Member) {
  return { updatedAt: new Date().toISOString(), updatedBy: member.id };
}

/** Stamps the consent with when and by whom it was recorded; an unchanged consent keeps its stamp. */
function stampConsent(input: ConsentInput, member: Member, previous?: Consent): Consent {
  if (previous && previous.status === input.status && previous.givenBy === input.givenBy) return previous;
  return { ...input, at: new Date().toISOString(), recordedBy: member.id, recordedByName: member.name };
}

function newRecordMeta(member: Member) {
  const now = new Date().toISOString();
  return { id: uuidv7(), version: 0, createdAt: now, updatedAt: now, updatedBy: member.id };
}

/** With consent declined the household is anonymous: no names, no phones (DOMAIN.md). */
function personFieldsFor(input: PersonInput, anonymous: boolean, index: number) {
  const fields = parseInput(personInputSchema, input);
  const fullName = anonymous ? '' : cleanName(fields.fullName);
  if (!anonymous && fullName === '') {
    throw new ValidationError([{ path: `members.${index}.fullName`, messageKey: 'errors.required' }]);
  }
  return { ...fields, fullName, phone: anonymous ? '' : fields.phone };
}

export async function registerHousehold(db: GoCuaDatabase, registration: Registration): Promise<Household> {
  const fields = parseInput(householdInputSchema, registration.household);
  const anonymous = fields.consent.status !== 'given';
  const headFields = personFieldsFor(
    { fullName: fields.headName, birthYear: registration.headBirthYear, relation: 'head', phone: fields.phone },
    anonymous,
    -1,
  );
  const memberFields = registration.members.map((member, index) => personFieldsFor(member, anonymous, index));
  return writeTransaction(db, async (member) => {
    const items: Household['items'] = {};
    if (registration.business === 'yes' || registration.business === 'no') {
      items[BUSINESS_ITEM] = { value: registration.business, changedAt: new Date().toISOString(), changedBy: member.id };
    }
    const household: Household = {
      ...newRecordMeta(member),
      ...fields,
      headName: cleanName(fields.headName),
      consent: stampConsent(fields.consent, member),
      items,
    };
    await putRecord(db, 'household', undefined, household, member);
    for (const personFields of [headFields, ...memberFields]) {
      const person: Person = {
        ...newRecordMeta(member),
        ...personFields,
        householdId: household.id,
        villageId: household.villageId,
        items: {},
      };
      await putRecord(db, 'person', undefined, person, member);
    }
    await refreshHouseholdIndex(db, household.id);
    return household;
  });
}

async function requireHousehold(db: GoCuaDatabase, id: string): Promise<Household> {
  const household = await db.households.get(id);
  if (!household) throw new DataError('errors.householdNotFound');
  return household;
}

async function requirePerson(db: GoCuaDatabase, id: string): Promise<Person> {
  const person = await db.persons.get(id);
  if (!person) throw new DataError('errors.personNotFound');
  return person;
}

export async function updateHousehold(db: GoCuaDatabase, id: string, input: HouseholdInput): Promise<Household> {
  const fields = parseInput(householdInputSchema, input);
  return writeTransaction(db, async (member) => {
    const before = await requireHousehold(db, id);
    const after: Household = {
      ...before,
      ...fields,
      headName: cleanName(fields.headName),
      consent: stampConsent(fields.consent, member, before.consent),
      ...stamp(member),
    };
    await putRecord(db, 'household', before, after, member);
    const persons = await db.persons.where('householdId').equals(id).toArray();
    for (const person of persons) {
      // Consent withdrawn: names and phones go; the household stays counted anonymously.
      if (fields.consent.status !== 'given') {
        await putRecord(db, 'person', person, { ...person, fullName: '', phone: '', ...stamp(member) }, member);
      } else if (person.relation === 'head' && person.fullName !== after.headName) {
        await putRecord(db, 'person', person, { ...person, fullName: after.headName, ...stamp(member) }, member);
      }
    }
    await refreshHouseholdIndex(db, id);
    return after;
  });
}

export async function addPerson(db: GoCuaDatabase, householdId: string, input: PersonInput): Promise<Person> {
  return writeTransaction(db, async (member) => {
    const household = await requireHousehold(db, householdId);
    const fields = personFieldsFor(input, household.consent.status !== 'given', 0);
    const person: Person = { ...newRecordMeta(member), ...fields, householdId, villageId: household.villageId, items: {} };
    await putRecord(db, 'person', undefined, person, member);
    await refreshHouseholdIndex(db, householdId);
    return person;
  });
}

export async function updatePerson(db: GoCuaDatabase, id: string, input: PersonInput): Promise<Person> {
  return writeTransaction(db, async (member) => {
    const before = await requirePerson(db, id);
    const household = await requireHousehold(db, before.householdId);
    const fields = personFieldsFor(input, household.consent.status !== 'given', 0);
    const after: Person = { ...before, ...fields, ...stamp(member) };
    await putRecord(db, 'person', before, after, member);
    if (after.relation === 'head' && household.headName !== after.fullName) {
      await putRecord(db, 'household', household, { ...household, headName: after.fullName, ...stamp(member) }, member);
    }
    await refreshHouseholdIndex(db, before.householdId);
    return after;
  });
}

export async function removePerson(db: GoCuaDatabase, id: string): Promise<void> {
  await writeTransaction(db, async (member) => {
    const person = await requirePerson(db, id);
    await deleteRecord(db, 'person', person, member);
    await refreshHouseholdIndex(db, person.householdId);
  });
}

/** Throws unless the catalogue has this item, for this kind of record, with this value. */
export function checkItemValue(target: ItemTarget['kind'], itemId: string, value: string): void {
  const item = findItem(defaultRules().catalogue, itemId);
  if (!item || item.scope !== target || !item.values.some((allowed) => allowed.id === value)) {
    throw new DataError('errors.unknownChecklistValue');
  }
}

/** A record with one checklist answer set, stamped with who and when. */
export function withItemValue<T extends Household | Person>(record: T, itemId: string, value: string, member: Member): T {
  const entry = { value, changedAt: new Date().toISOString(), changedBy: member.id };
  return { ...record, items: { ...record.items, [itemId]: entry }, ...stamp(member) };
}

/** Sets one checklist answer; call inside a write transaction. The same answer again changes nothing. */
export async function applyItemValue(
  db: GoCuaDatabase,
  target: ItemTarget,
  itemId: string,
  value: string,
  member: Member,
): Promise<{ householdId: string; from: string }> {
  checkItemValue(target.kind, itemId, value);
  if (target.kind === 'household') {
    const before = await requireHousehold(db, target.id);
    const from = before.items[itemId]?.value ?? 'unknown';
    if (from !== value) await putRecord(db, 'household', before, withItemValue(before, itemId, value, member), member);
    return { householdId: before.id, from };
  }
  const before = await requirePerson(db, target.id);
  const from = before.items[itemId]?.value ?? 'unknown';
  if (from !== value) await putRecord(db, 'person', before, withItemValue(before, itemId, value, member), member);
  return { householdId: before.householdId, from };
}

export async function setItemValue(db: GoCuaDatabase, target: ItemTarget, itemId: string, value: string): Promise<void> {
  await writeTransaction(db, async (member) => {
    const { householdId } = await applyItemValue(db, target, itemId, value, member);
    await refreshHouseholdIndex(db, householdId);
  });
}

/**
 * Erases a household on request (the personal-data right to deletion): the
 * household, its members and its visits are deleted and tombstoned. Changes
 * still waiting in the outbox for these records are emptied of their fields,
 * so their personal data never leaves the phone; they keep their seq, which
 * the server needs without gaps.
 */
export async function eraseHousehold(db: GoCuaDatabase, id: string): Promise<void> {
  await writeTransaction(db, async (member) => {
    const household = await requireHousehold(db, id);
    const persons = await db.persons.where('householdId').equals(id).toArray();
    const visits = await db.visits.where('householdId').equals(id).toArray();
    const erased = new Set([id, ...persons.map((p) => p.id), ...visits.map((v) => v.id)]);
    await db.outbox.filter((entry) => erased.has(entry.id)).modify({ fields: {} });
    for (const visit of visits) await deleteRecord(db, 'visit', visit, member);
    for (const person of persons) await deleteRecord(db, 'person', person, member);
    await retirePlaquesOf(db, id, member);
    await deleteRecord(db, 'household', household, member);
    await refreshHouseholdIndex(db, id);
  });
}
