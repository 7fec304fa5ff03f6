// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { anonymousInput, bornYearsAgo, householdInput, member, registration } from '../../../tests/support/fixtures';
import { currentMember, expectDataError, nextSeq, openTestDatabase } from '../../../tests/support/database';
import type { GoCuaDatabase } from './database';
import { addPerson, registerHousehold, removePerson, setItemValue, updateHousehold, updatePerson } from './households';
import { ValidationError } from './validation';

let db: GoCuaDatabase;

beforeEach(async () => {
  db = await openTestDatabase();
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

async function outbox() {
  return db.outbox.orderBy('seq').toArray();
}

describe('registerHousehold', () => {
  it('stores the household, its head and its members', async () => {
    const household = await registerHousehold(
      db,
      registration({ members: [member(), member({ fullName: 'Nguyễn Minh Khang', relation: 'child', birthYear: bornYearsAgo(10) })] }),
    );
    const persons = await db.persons.where('householdId').equals(household.id).toArray();
    expect(await db.households.get(household.id)).toEqual(household);
    expect(persons.map((person) => [person.relation, person.fullName]).sort()).toEqual([
      ['child', 'Nguyễn Minh Khang'],
      ['head', 'Nguyễn Văn An'],
      ['spouse', 'Lê Thị Hoa'],
    ]);
    const head = persons.find((person) => person.relation === 'head');
    expect(head).toMatchObject({ birthYear: bornYearsAgo(40), phone: '0912345678', villageId: household.villageId, items: {} });
  });

  it('queues one outbox entry per record, seq 1, 2, 3… , based on version 0', async () => {
    const household = await registerHousehold(db, registration({ members: [member()] }));
    const entries = await outbox();
    const { id: memberId } = await currentMember(db);
    expect(entries.map((entry) => [entry.seq, entry.entity, entry.op, entry.baseVersion])).toEqual([
      [1, 'household', 'put', 0],
      [2, 'person', 'put', 0],
      [3, 'person', 'put', 0],
    ]);
    expect(entries[0]!.id).toBe(household.id);
    expect(entries.every((entry) => entry.editedBy === memberId)).toBe(true);
    expect(await nextSeq(db)).toBe(4);
  });

  it('sends every field of a new record but never id, version or the last-changed stamp', async () => {
    await registerHousehold(db, registration({ business: 'yes' }));
    const [householdEntry] = await outbox();
    expect(householdEntry!.fields).toMatchObject({ headName: 'Nguyễn Văn An', phone: '0912345678', houseNumber: '12' });
    expect(householdEntry!.fields['items.hh.business']).toMatchObject({ value: 'yes' });
    expect(householdEntry!.fields).toHaveProperty('consent');
    for (const key of ['id', 'version', 'updatedAt', 'updatedBy', 'items']) expect(householdEntry!.fields).not.toHaveProperty(key);
  });

  it('stores names in NFC with single spaces and the phone in its normal form', async () => {
    const typed = '  Nguyễn   Văn  An '.normalize('NFD');
    const household = await registerHousehold(
      db,
      registration({ household: householdInput({ headName: typed, phone: '+84 912-345-678' }) }),
    );
    expect(household.headName).toBe('Nguyễn Văn An'.normalize('NFC'));
    expect(household.phone).toBe('0912345678');
  });

  it('stamps the consent with when and by which member it was recorded', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:30:00.000Z'));
    const household = await registerHousehold(db, registration());
    const { id } = await currentMember(db);
    expect(household.consent).toEqual({
      status: 'given',
      givenBy: 'Nguyễn Văn An',
      at: '2026-03-01T08:30:00.000Z',
      recordedBy: id,
      recordedByName: 'Chị Lan',
    });
  });

  it('keeps no name or phone of any member when the household declined', async () => {
    const household = await registerHousehold(
      db,
      registration({ household: anonymousInput(), members: [member({ fullName: 'Lê Thị Hoa', phone: '0988123456' })] }),
    );
    const persons = await db.persons.toArray();
    expect(persons).toHaveLength(2);
    expect(persons.every((person) => person.fullName === '' && person.phone === '')).toBe(true);
    expect(household.consent.status).toBe('declined');
    expect(JSON.stringify(await outbox())).not.toContain('Hoa');
  });

  it('refuses a member without a name when consent is given, and stores nothing', async () => {
    const attempt = registerHousehold(db, registration({ members: [member({ fullName: '  ' })] }));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: 'members.0.fullName', messageKey: 'errors.required' }] });
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('reports an invalid phone as a field error', async () => {
    const attempt = registerHousehold(db, registration({ household: householdInput({ phone: '0212345678' }) }));
    await expect(attempt).rejects.toMatchObject({ issues: [{ path: 'phone', messageKey: 'errors.phone.notMobile' }] });
  });
});

describe('updateHousehold', () => {
  it('queues only the fields that changed, based on the record’s version', async () => {
    const household = await registerHousehold(db, registration());
    await db.households.update(household.id, { version: 7 });
    await updateHousehold(db, household.id, householdInput({ houseNumber: '14' }));
    const last = (await outbox()).at(-1)!;
    expect(last).toMatchObject({ seq: 3, entity: 'household', id: household.id, baseVersion: 7, fields: { houseNumber: '14' } });
    expect(Object.keys(last.fields)).toEqual(['houseNumber']);
  });

  it('queues nothing and keeps the consent stamp when nothing changed', async () => {
    const household = await registerHousehold(db, registration());
    const saved = await updateHousehold(db, household.id, householdInput({ phone: '0912.345.678' }));
    expect(await db.outbox.count()).toBe(2);
    expect(saved.consent).toEqual(household.consent);
  });

  it('renames the head’s own member record along with the household', async () => {
    const household = await registerHousehold(db, registration());
    await updateHousehold(db, household.id, householdInput({ headName: 'Nguyễn Văn Ân' }));
    const head = (await db.persons.toArray()).find((person) => person.relation === 'head');
    expect(head?.fullName).toBe('Nguyễn Văn Ân');
    const entries = (await outbox()).slice(2);
    expect(entries.map((entry) => [entry.entity, Object.keys(entry.fields).sort()])).toEqual([
      ['household', ['headName']],
      ['person', ['fullName']],
    ]);
  });

  it('blanks every name and phone when consent is withdrawn, keeping the household counted', async () => {
    const household = await registerHousehold(db, registration({ members: [member({ phone: '0988123456' })] }));
    const updated = await updateHousehold(db, household.id, anonymousInput());
    expect(updated).toMatchObject({ headName: '', phone: '', consent: { status: 'declined' } });
    const persons = await db.persons.toArray();
    expect(persons).toHaveLength(2);
    expect(persons.map((person) => [person.fullName, person.phone])).toEqual([
      ['', ''],
      ['', ''],
    ]);
    const personEntries = (await outbox()).slice(4);
    expect(personEntries.map((entry) => entry.fields)).toEqual([
      { fullName: '', phone: '' },
      { fullName: '', phone: '' },
    ]);
  });

  it('fails with householdNotFound for an id that is not on the phone', async () => {
    await expect(updateHousehold(db, crypto.randomUUID(), householdInput())).rejects.toThrow('errors.householdNotFound');
  });
});

describe('setItemValue', () => {
  it('stamps the answer with who changed it and when, and queues only that item', async () => {
    const household = await registerHousehold(db, registration());
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T09:15:00.000Z'));
    await setItemValue(db, { kind: 'household', id: household.id }, 'hh.internet', 'done');
    const { id: memberId } = await currentMember(db);
    const expected = { value: 'done', changedAt: '2026-03-02T09:15:00.000Z', changedBy: memberId };
    expect((await db.households.get(household.id))?.items['hh.internet']).toEqual(expected);
    expect((await outbox()).at(-1)).toMatchObject({ seq: 3, fields: { 'items.hh.internet': expected } });
    expect(Object.keys((await outbox()).at(-1)!.fields)).toEqual(['items.hh.internet']);
  });

  it('sets a member’s item on their own record', async () => {
    await registerHousehold(db, registration());
    const head = (await db.persons.toArray())[0]!;
    await setItemValue(db, { kind: 'person', id: head.id }, 'p.vneid', 'level1');
    expect((await db.persons.get(head.id))?.items['p.vneid']?.value).toBe('level1');
  });

  it.each([
    ['an item the catalogue does not have', 'household', 'hh.television', 'done'],
    ['a value the item does not have', 'household', 'hh.internet', 'level2'],
    ['a person item on a household', 'household', 'p.vneid', 'level1'],
  ] as const)('rejects %s and changes nothing', async (_case, kind, itemId, value) => {
    const household = await registerHousehold(db, registration());
    await expect(setItemValue(db, { kind, id: household.id }, itemId, value)).rejects.toThrow();
    expect(await db.households.get(household.id)).toEqual(household);
    expect(await db.outbox.count()).toBe(2);
  });

  it('rejects an unknown item with DataError("errors.unknownChecklistValue"), which the screens show', async () => {
    const household = await registerHousehold(db, registration());
    await expectDataError(setItemValue(db, { kind: 'household', id: household.id }, 'hh.television', 'done'), 'errors.unknownChecklistValue');
  });
});

describe('members', () => {
  it('adds, renames and removes a member, with a tombstone for the removal', async () => {
    const household = await registerHousehold(db, registration());
    const added = await addPerson(db, household.id, member());
    await updatePerson(db, added.id, member({ fullName: 'Lê Thị Hoà' }));
    await removePerson(db, added.id);
    expect(await db.persons.get(added.id)).toBeUndefined();
    const entries = (await outbox()).slice(2);
    expect(entries.map((entry) => [entry.seq, entry.op, entry.id])).toEqual([
      [3, 'put', added.id],
      [4, 'put', added.id],
      [5, 'delete', added.id],
    ]);
    expect(entries[1]!.fields).toEqual({ fullName: 'Lê Thị Hoà' });
  });

  it('renames the household when the head’s own record is renamed', async () => {
    const household = await registerHousehold(db, registration());
    const head = (await db.persons.toArray())[0]!;
    await updatePerson(db, head.id, member({ fullName: 'Nguyễn Văn Ân', relation: 'head' }));
    expect((await db.households.get(household.id))?.headName).toBe('Nguyễn Văn Ân');
  });

  it('adds members of a declined household without their name', async () => {
    const household = await registerHousehold(db, registration({ household: anonymousInput() }));
    const added = await addPerson(db, household.id, member());
    expect(added.fullName).toBe('');
  });

  it('fails with personNotFound for a member who is not on the phone', async () => {
    await expect(removePerson(db, crypto.randomUUID())).rejects.toThrow('errors.personNotFound');
  });
});
