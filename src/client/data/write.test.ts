// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectDataError, nextSeq, openTestDatabase } from '../../../tests/support/database';
import { registration, VILLAGE_ID } from '../../../tests/support/fixtures';
import type { Village } from '../../shared/village';
import type { GoCuaDatabase } from './database';
import { registerHousehold } from './households';
import { createVillage } from './villages';
import { deleteRecord, putRecord, putRecords, writeTransaction } from './write';

let db: GoCuaDatabase;

const village: Village = {
  id: VILLAGE_ID,
  version: 0,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-01T08:00:00.000Z',
  updatedBy: 'member-1',
  name: 'Thôn Đông',
  communeName: 'Xã Minh Tân',
  provinceName: '',
  legacyDistrict: '',
};

beforeEach(async () => {
  db = await openTestDatabase();
});

afterEach(() => {
  db.close();
});

describe('writeTransaction', () => {
  it('keeps neither the record nor its outbox entry when the write fails after putting it', async () => {
    const attempt = writeTransaction(db, async (member) => {
      await putRecord(db, 'village', undefined, village, member);
      throw new Error('the phone died');
    });
    await expect(attempt).rejects.toThrow('the phone died');
    expect(await db.villages.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await nextSeq(db)).toBe(1);
  });

  it('hands out the next seq after a failed write as if it never happened', async () => {
    await expect(
      writeTransaction(db, async (member) => {
        await putRecord(db, 'village', undefined, village, member);
        throw new Error('failed');
      }),
    ).rejects.toThrow();
    await createVillage(db, { name: 'Thôn Đoài', communeName: 'Xã Minh Tân', provinceName: '', legacyDistrict: '' });
    expect((await db.outbox.toArray()).map((entry) => entry.seq)).toEqual([1]);
  });

  it('stores nothing when no member name is set on the phone', async () => {
    const nameless = await openTestDatabase(null);
    await expect(registerHousehold(nameless, registration())).rejects.toThrow();
    expect(await nameless.households.count()).toBe(0);
    expect(await nameless.outbox.count()).toBe(0);
    nameless.close();
  });

  it('fails with DataError("errors.memberNameMissing") when no member name is set', async () => {
    const nameless = await openTestDatabase(null);
    await expectDataError(registerHousehold(nameless, registration()), 'errors.memberNameMissing');
    nameless.close();
  });

  it('turns a full disk into DataError("errors.storageFull")', async () => {
    const attempt = writeTransaction(db, () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expectDataError(attempt, 'errors.storageFull');
  });

  it('turns a closed database into DataError("errors.databaseClosed")', async () => {
    db.close();
    await expectDataError(writeTransaction(db, async () => 'never'), 'errors.databaseClosed');
  });

  it('returns what the work returned', async () => {
    await expect(writeTransaction(db, async (member) => member.name)).resolves.toBe('Chị Lan');
  });
});

describe('putRecord', () => {
  it('queues no entry and writes nothing when no field changed', async () => {
    await writeTransaction(db, (member) => putRecord(db, 'village', undefined, village, member));
    await writeTransaction(db, (member) =>
      putRecord(db, 'village', village, { ...village, updatedAt: '2026-03-02T08:00:00.000Z' }, member),
    );
    expect(await db.outbox.count()).toBe(1);
    expect((await db.villages.get(village.id))?.updatedAt).toBe(village.updatedAt);
  });
});

describe('deleteRecord', () => {
  it('deletes the record and queues a tombstone based on its version, with no fields', async () => {
    await writeTransaction(db, (member) => putRecord(db, 'village', undefined, village, member));
    await writeTransaction(db, (member) => deleteRecord(db, 'village', { id: village.id, version: 4 }, member));
    expect(await db.villages.get(village.id)).toBeUndefined();
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({
      seq: 2,
      entity: 'village',
      id: village.id,
      op: 'delete',
      baseVersion: 4,
      fields: {},
    });
  });
});

describe('persistent storage', () => {
  it('asks the browser once, after the first saved write', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persist } });
    try {
      const metaReads = vi.spyOn(db.meta, 'get');
      await registerHousehold(db, registration());
      await vi.waitFor(() => expect(persist).toHaveBeenCalledTimes(1));
      await registerHousehold(db, registration());
      await registerHousehold(db, registration());
      expect(persist).toHaveBeenCalledTimes(1);
      // Asked once: later saves do not read the flag back from IndexedDB.
      expect(metaReads.mock.calls.filter(([key]) => (key as unknown) === 'persistRequested')).toHaveLength(1);
      expect(await db.meta.get('persistRequested')).toBeDefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('putRecords', () => {
  it('writes several records and their outbox entries in the order given, skipping unchanged ones, with one seq each', async () => {
    const other = { ...village, id: '0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5aff', name: 'Thôn Tây' };
    await writeTransaction(db, async (member) => {
      await putRecord(db, 'village', undefined, village, member);
    });
    const stored = (await db.villages.get(village.id))!;
    const renamed = { ...stored, name: 'Thôn Đông Mới' };
    await writeTransaction(db, (member) =>
      putRecords(
        db,
        [
          { entity: 'village', before: stored, after: renamed },
          { entity: 'village', before: stored, after: stored },
          { entity: 'village', before: undefined, after: other },
        ],
        member,
      ),
    );
    expect((await db.villages.get(village.id))?.name).toBe('Thôn Đông Mới');
    expect((await db.villages.get(other.id))?.name).toBe('Thôn Tây');
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((entry) => [entry.seq, entry.id, Object.keys(entry.fields).length > 1])).toEqual([
      [1, village.id, true],
      [2, village.id, false],
      [3, other.id, true],
    ]);
    expect(entries[1]!.fields).toEqual({ name: 'Thôn Đông Mới' });
    expect(await nextSeq(db)).toBe(4);
  });

  it('keeps nothing of a failed batch', async () => {
    await expect(
      writeTransaction(db, async (member) => {
        await putRecords(db, [{ entity: 'village', before: undefined, after: village }], member);
        throw new Error('the phone died');
      }),
    ).rejects.toThrow('the phone died');
    expect(await db.villages.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await nextSeq(db)).toBe(1);
  });
});
