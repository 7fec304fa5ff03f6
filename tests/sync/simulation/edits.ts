/**
 * Random local edits through the app's real repositories (the same calls the
 * screens make). Values come from small pools, so two devices often write the
 * same field — sometimes with the same value (never a conflict), sometimes
 * with another (a conflict). Edits the app itself refuses (a record erased
 * meanwhile, an input the form would not accept) are skipped, as a member
 * would see an error and move on.
 */
import type { GoCuaDatabase } from '../../../src/client/data/database';
import {
  addPerson,
  eraseHousehold,
  registerHousehold,
  removePerson,
  setItemValue,
  updateHousehold,
  updatePerson,
} from '../../../src/client/data/households';
import { ValidationError } from '../../../src/client/data/validation';
import { recordVisit } from '../../../src/client/data/visits';
import { DataError } from '../../../src/client/data/write';
import { DEFAULT_CATALOGUE, findItem } from '../../../src/shared/catalogue';
import type { Household, HouseholdInput } from '../../../src/shared/household';
import type { Person, PersonInput, Relation } from '../../../src/shared/person';
import { VISIT_OUTCOMES, type VisitInput } from '../../../src/shared/visit';
import type { Rng } from './prng';

const HAMLETS = ['Xóm 1', 'Xóm 2', 'Xóm Đồi'];
const HOUSE_NUMBERS = ['', '1', '12', '7A'];
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lò Văn Cường', 'Hà Thị Dung'];
const PHONES = ['', '0912345678', '0987654321', '0351234567'];
const NOTES = ['', 'Gọi trước khi đến', 'Nhà có chó', 'Chỉ có người già ở nhà'];
const PLAQUES = ['', 'GC-001', 'GC-002'];
const BIRTH_YEARS = [null, 1950, 1972, 1990, 2008];
const RELATIONS: Relation[] = ['spouse', 'child', 'parent', 'other'];
const HOUSEHOLD_ITEMS = ['hh.internet', 'hh.zalo', 'hh.business', 'hh.biz_online'];
const PERSON_ITEMS = ['p.vneid', 'p.smartphone', 'p.payment'];

export type EditKind =
  | 'register'
  | 'updateHousehold'
  | 'addPerson'
  | 'updatePerson'
  | 'removePerson'
  | 'householdItem'
  | 'personItem'
  | 'visit'
  | 'erase';

export const EDIT_WEIGHTS: Readonly<Record<EditKind, number>> = {
  register: 8,
  updateHousehold: 12,
  addPerson: 5,
  updatePerson: 10,
  removePerson: 3,
  householdItem: 18,
  personItem: 14,
  visit: 14,
  erase: 2,
};

/** The cheap edits a member makes over weeks in the field (no registering, no erasing). */
export const FIELD_WORK_WEIGHTS: Readonly<Record<EditKind, number>> = {
  register: 1,
  updateHousehold: 3,
  addPerson: 1,
  updatePerson: 4,
  removePerson: 0,
  householdItem: 10,
  personItem: 10,
  visit: 8,
  erase: 0,
};

function valuesOf(itemId: string): string[] {
  const item = findItem(DEFAULT_CATALOGUE, itemId);
  if (!item) throw new Error(`unknown item ${itemId}`);
  return item.values.map((value) => value.id);
}

export function householdInputOf(household: Household): HouseholdInput {
  return {
    villageId: household.villageId,
    hamlet: household.hamlet,
    houseNumber: household.houseNumber,
    headName: household.headName,
    phone: household.phone,
    plaqueCode: household.plaqueCode,
    notes: household.notes,
    legacyAddress: household.legacyAddress,
    consent: { status: household.consent.status, givenBy: household.consent.givenBy },
  };
}

function personInputOf(person: Person): PersonInput {
  return { fullName: person.fullName, birthYear: person.birthYear, relation: person.relation, phone: person.phone };
}

/** A household edit of one or two fields, kept valid as the form would keep it. */
function changedHousehold(household: Household, rng: Rng): HouseholdInput {
  const input = householdInputOf(household);
  const given = input.consent.status === 'given';
  const fields = ['hamlet', 'houseNumber', 'notes', 'plaqueCode', 'consent', ...(given ? ['headName', 'phone', 'givenBy'] : [])];
  for (const field of rng.sample(fields, rng.int(1, 2))) {
    if (field === 'hamlet') input.hamlet = rng.pick(HAMLETS);
    if (field === 'houseNumber') input.houseNumber = rng.pick(HOUSE_NUMBERS);
    if (field === 'notes') input.notes = rng.pick(NOTES);
    if (field === 'plaqueCode') input.plaqueCode = rng.pick(PLAQUES);
    if (field === 'headName' && input.consent.status === 'given') input.headName = rng.pick(NAMES);
    if (field === 'phone' && input.consent.status === 'given') input.phone = rng.pick(PHONES);
    if (field === 'givenBy' && input.consent.status === 'given') input.consent = { status: 'given', givenBy: rng.pick(NAMES) };
    if (field === 'consent') {
      if (input.consent.status === 'given') {
        // Consent withdrawn: names and phones go.
        input.consent = { status: 'declined', givenBy: rng.pick(['', 'Chủ hộ']) };
        input.headName = '';
        input.phone = '';
      } else {
        input.consent = { status: 'given', givenBy: rng.pick(NAMES) };
        input.headName = rng.pick(NAMES);
      }
    }
  }
  return input;
}

function changedPerson(person: Person, rng: Rng): PersonInput {
  const input = personInputOf(person);
  const field = rng.pick(['fullName', 'birthYear', 'phone', 'relation']);
  if (field === 'fullName') input.fullName = rng.pick(NAMES);
  if (field === 'birthYear') input.birthYear = rng.pick(BIRTH_YEARS);
  if (field === 'phone') input.phone = rng.pick(PHONES);
  if (field === 'relation' && person.relation !== 'head') input.relation = rng.pick(RELATIONS);
  return input;
}

function newPerson(rng: Rng): PersonInput {
  return { fullName: rng.pick(NAMES.slice(1)), birthYear: rng.pick(BIRTH_YEARS), relation: rng.pick(RELATIONS), phone: rng.pick(PHONES) };
}

async function register(db: GoCuaDatabase, rng: Rng): Promise<string> {
  const villages = await db.villages.toArray();
  if (villages.length === 0) return 'register: no village on this device';
  const village = rng.pick(villages);
  const given = rng.chance(0.8);
  const headName = given ? rng.pick(NAMES) : '';
  const household = await registerHousehold(db, {
    household: {
      villageId: village.id,
      hamlet: rng.pick(HAMLETS),
      houseNumber: rng.pick(HOUSE_NUMBERS),
      headName,
      phone: given ? rng.pick(PHONES) : '',
      plaqueCode: rng.pick(PLAQUES),
      notes: rng.pick(NOTES),
      legacyAddress: '',
      consent: given ? { status: 'given', givenBy: headName } : { status: 'declined', givenBy: '' },
    },
    business: rng.pick(['unknown', 'yes', 'no']),
    headBirthYear: rng.pick(BIRTH_YEARS),
    members: Array.from({ length: rng.int(0, 2) }, () => newPerson(rng)),
  });
  return `register ${household.id} in ${village.name}`;
}

function visitInput(rng: Rng, persons: Person[]): VisitInput {
  const outcome = rng.pick(VISIT_OUTCOMES);
  const changes: VisitInput['changes'] = [];
  for (let i = rng.int(0, 2); i > 0; i--) {
    const person = persons.length > 0 && rng.chance(0.5) ? rng.pick(persons) : undefined;
    const itemId = rng.pick(person ? PERSON_ITEMS : HOUSEHOLD_ITEMS);
    if (changes.some((change) => change.itemId === itemId && change.personId === (person?.id ?? null))) continue;
    changes.push({ personId: person?.id ?? null, itemId, from: '', to: rng.pick(valuesOf(itemId)) });
  }
  return { outcome, notes: rng.pick(NOTES), nextVisitOn: outcome === 'come_back' ? '2026-12-01' : null, changes };
}

/** One random edit of `kind` on this device; returns what it did, for the trace. */
export async function randomEdit(db: GoCuaDatabase, rng: Rng, kind: EditKind): Promise<string> {
  try {
    if (kind === 'register') return await register(db, rng);
    const households = await db.households.toArray();
    if (households.length === 0) return await register(db, rng);
    // Half the edits go to the oldest few households, which every phone of the village has:
    // that is where concurrent edits of one field — conflicts, or identical values — happen.
    const household = rng.pick(rng.chance(0.5) ? households.slice(0, 3) : households);
    const persons = await db.persons.where('householdId').equals(household.id).toArray();
    switch (kind) {
      case 'updateHousehold':
        await updateHousehold(db, household.id, changedHousehold(household, rng));
        return `updateHousehold ${household.id}`;
      case 'addPerson':
        await addPerson(db, household.id, newPerson(rng));
        return `addPerson to ${household.id}`;
      case 'updatePerson': {
        if (persons.length === 0) return 'updatePerson: nobody';
        const person = rng.pick(persons);
        await updatePerson(db, person.id, changedPerson(person, rng));
        return `updatePerson ${person.id}`;
      }
      case 'removePerson': {
        const removable = persons.filter((person) => person.relation !== 'head');
        if (removable.length === 0) return 'removePerson: nobody';
        const person = rng.pick(removable);
        await removePerson(db, person.id);
        return `removePerson ${person.id}`;
      }
      case 'householdItem': {
        const itemId = rng.pick(HOUSEHOLD_ITEMS);
        const value = rng.pick(valuesOf(itemId));
        await setItemValue(db, { kind: 'household', id: household.id }, itemId, value);
        return `set ${itemId}=${value} on ${household.id}`;
      }
      case 'personItem': {
        if (persons.length === 0) return 'personItem: nobody';
        const person = rng.pick(persons);
        const itemId = rng.pick(PERSON_ITEMS);
        const value = rng.pick(valuesOf(itemId));
        await setItemValue(db, { kind: 'person', id: person.id }, itemId, value);
        return `set ${itemId}=${value} on ${person.id}`;
      }
      case 'visit': {
        const visit = await recordVisit(db, household.id, visitInput(rng, persons));
        return `visit ${visit.id} to ${household.id} (${visit.changes.length} changes)`;
      }
      case 'erase':
        await eraseHousehold(db, household.id);
        return `erase ${household.id}`;
    }
  } catch (error) {
    if (error instanceof DataError) return `${kind}: refused (${error.messageKey})`;
    if (error instanceof ValidationError) return `${kind}: invalid (${error.message})`;
    throw error;
  }
}

/** An edit of one household the test chose (the erase-while-offline and scope-loss scenarios). */
export async function editHousehold(db: GoCuaDatabase, rng: Rng, householdId: string): Promise<string> {
  const household = await db.households.get(householdId);
  if (!household) return `edit ${householdId}: not on this device`;
  const persons = await db.persons.where('householdId').equals(householdId).toArray();
  try {
    switch (rng.pick(['item', 'update', 'visit', 'person', 'addPerson'] as const)) {
      case 'item': {
        const itemId = rng.pick(HOUSEHOLD_ITEMS);
        await setItemValue(db, { kind: 'household', id: householdId }, itemId, rng.pick(valuesOf(itemId)));
        return `set ${itemId} on ${householdId}`;
      }
      case 'update':
        await updateHousehold(db, householdId, changedHousehold(household, rng));
        return `updateHousehold ${householdId}`;
      case 'visit':
        await recordVisit(db, householdId, visitInput(rng, persons));
        return `visit to ${householdId}`;
      case 'person': {
        if (persons.length === 0) return 'person item: nobody';
        const person = rng.pick(persons);
        const itemId = rng.pick(PERSON_ITEMS);
        await setItemValue(db, { kind: 'person', id: person.id }, itemId, rng.pick(valuesOf(itemId)));
        return `set ${itemId} on ${person.id}`;
      }
      case 'addPerson':
        await addPerson(db, householdId, newPerson(rng));
        return `addPerson to ${householdId}`;
    }
  } catch (error) {
    if (error instanceof DataError) return `edit ${householdId}: refused (${error.messageKey})`;
    if (error instanceof ValidationError) return `edit ${householdId}: invalid (${error.message})`;
    throw error;
  }
}
