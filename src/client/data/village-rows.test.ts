import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/database';
import { indexRow as fixtureRow } from '../../../tests/support/fixtures';
import { prng } from '../../../tests/support/prng';
import type { GoCuaDatabase, HouseholdIndexRow } from './database';
import { sortByAddress } from './search';
import { subscribeVillageRows, villageRows } from './village-rows';

const VILLAGE = 'village-a';
const OTHER_VILLAGE = 'village-b';

let db: GoCuaDatabase | undefined;
let unsubscribe: (() => void) | undefined;

afterEach(() => {
  unsubscribe?.();
  db?.close();
});

function indexRow(id: string, hamlet: string, houseNumber: string, headName: string, villageId = VILLAGE): HouseholdIndexRow {
  return fixtureRow({ id, hamlet, houseNumber, headName, villageId });
}

/** Subscribes to the village's rows; `next()` resolves at the next copy published after the call. */
function watchRows(database: GoCuaDatabase) {
  let waiting: Array<() => void> = [];
  unsubscribe = subscribeVillageRows(database, VILLAGE, () => {
    const resolvers = waiting;
    waiting = [];
    for (const resolve of resolvers) resolve();
  });
  return {
    current: () => villageRows(database, VILLAGE),
    next: () =>
      new Promise<HouseholdIndexRow[]>((resolve) => {
        waiting.push(() => resolve(villageRows(database, VILLAGE)!));
      }),
  };
}

/** A database holding `stored`, its village watched, and the first copy read. */
async function watching(stored: HouseholdIndexRow[]) {
  const database = await openTestDatabase();
  db = database;
  await database.householdIndex.bulkPut(stored);
  const rows = watchRows(database);
  return { database, rows, first: await rows.next() };
}

async function fullRead(database: GoCuaDatabase): Promise<string[]> {
  return sortByAddress(await database.householdIndex.where('villageId').equals(VILLAGE).toArray()).map((row) => row.id);
}

describe('village rows', () => {
  it('reads the village once, in address order, without the other villages', async () => {
    db = await openTestDatabase();
    await db.householdIndex.bulkPut([
      indexRow('h3', 'Xóm 2', '1', 'Lê Văn C'),
      indexRow('h1', 'Xóm 1', '10', 'Nguyễn Văn A'),
      indexRow('h2', 'Xóm 1', '2', 'Trần Thị B'),
      indexRow('h9', 'Xóm 1', '1', 'Người xóm khác', OTHER_VILLAGE),
    ]);
    const rows = watchRows(db);
    expect(rows.current()).toBeUndefined();
    expect((await rows.next()).map((row) => row.id)).toEqual(['h2', 'h1', 'h3']);
  });

  it('after one household changes, reads only that row again and puts it in its place', async () => {
    const { database, rows, first: before } = await watching([
      indexRow('h1', 'Xóm 1', '1', 'A'),
      indexRow('h2', 'Xóm 1', '2', 'B'),
      indexRow('h3', 'Xóm 1', '3', 'C'),
    ]);

    const updated = rows.next();
    await database.householdIndex.put({ ...indexRow('h1', 'Xóm 1', '4', 'A'), gapCount: 2 });
    const after = await updated;
    expect(after.map((row) => row.id)).toEqual(['h2', 'h3', 'h1']);
    expect(after[2]!.gapCount).toBe(2);
    // The rows that did not change are the very objects read the first time: nothing else was read again.
    expect(after[0]).toBe(before[1]);
    expect(after[1]).toBe(before[2]);
    expect(after).not.toBe(before);
  });

  it('drops a household erased or moved to another village, and adds one registered meanwhile', async () => {
    const { database, rows } = await watching([indexRow('h1', 'Xóm 1', '1', 'A'), indexRow('h2', 'Xóm 1', '2', 'B')]);

    let changed = rows.next();
    await database.householdIndex.delete('h1');
    expect((await changed).map((row) => row.id)).toEqual(['h2']);

    changed = rows.next();
    await database.householdIndex.put(indexRow('h2', 'Xóm 1', '2', 'B', OTHER_VILLAGE));
    expect(await changed).toEqual([]);

    changed = rows.next();
    await database.householdIndex.put(indexRow('h5', 'Xóm 3', '7', 'E'));
    expect((await changed).map((row) => row.id)).toEqual(['h5']);
  });

  it('reads the whole village again after the table is cleared (a rebuild)', async () => {
    const { database, rows } = await watching([indexRow('h1', 'Xóm 1', '1', 'A'), indexRow('h2', 'Xóm 1', '2', 'B')]);
    const cleared = rows.next();
    await database.householdIndex.clear();
    expect(await cleared).toEqual([]);
  });

  it('loses no write that commits while the first read is under way', async () => {
    db = await openTestDatabase();
    await db.householdIndex.bulkPut(Array.from({ length: 300 }, (_, i) => indexRow(`h${1000 + i}`, 'Xóm 1', String(i), 'A')));
    const rows = watchRows(db);
    rows.current(); // the first read starts here
    await db.householdIndex.put(indexRow('h-late', 'Xóm 0', '1', 'Z'));
    await db.householdIndex.delete('h1000');
    // Settled once the copy equals a fresh full read.
    let copy = rows.current();
    while (copy === undefined || copy.length !== 300 || copy[0]!.id !== 'h-late') copy = await rows.next();
    expect(copy.map((row) => row.id)).toEqual(await fullRead(db));
  });

  it('stays equal to a full read over a run of random edits, single and in batches', async () => {
    db = await openTestDatabase();
    const random = prng(2026);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const hamlets = ['Xóm 1', 'Xóm 2', 'Xóm 3'];
    const names = ['An', 'Bình', 'Chi', 'Dũng'];
    const randomRow = (id: string) =>
      indexRow(id, pick(hamlets), String(1 + Math.floor(random() * 30)), pick(names), random() < 0.1 ? OTHER_VILLAGE : VILLAGE);
    await db.householdIndex.bulkPut(Array.from({ length: 120 }, (_, i) => randomRow(`h${i}`)));
    const rows = watchRows(db);
    await rows.next();
    for (let step = 0; step < 40; step++) {
      const published = rows.next();
      const roll = random();
      if (roll < 0.5) await db.householdIndex.put(randomRow(`h${Math.floor(random() * 150)}`));
      else if (roll < 0.7) await db.householdIndex.delete(`h${Math.floor(random() * 150)}`);
      else {
        const batch = Array.from({ length: roll < 0.95 ? 5 : 250 }, () => randomRow(`h${Math.floor(random() * 400)}`));
        await db.householdIndex.bulkPut(batch);
      }
      expect((await published).map((row) => row.id)).toEqual(await fullRead(db));
    }
  });
});
