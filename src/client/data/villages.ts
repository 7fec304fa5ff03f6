/** Villages the phone works in. Until accounts exist ([B]) a member adds them here. */
import { uuidv7 } from '../../shared/ids';
import { villageInputSchema, type VillageInput } from '../../shared/village';
import type { Village } from '../../shared/village';
import type { GoCuaDatabase } from './database';
import { parseInput } from './validation';
import { putRecord, writeTransaction } from './write';

export async function createVillage(db: GoCuaDatabase, input: VillageInput): Promise<Village> {
  const fields = parseInput(villageInputSchema, input);
  return writeTransaction(db, async (member) => {
    const now = new Date().toISOString();
    const village: Village = {
      ...fields,
      id: uuidv7(),
      version: 0,
      createdAt: now,
      updatedAt: now,
      updatedBy: member.id,
    };
    await putRecord(db, 'village', undefined, village, member);
    return village;
  });
}

export function listVillages(db: GoCuaDatabase): Promise<Village[]> {
  return db.villages.toArray().then((villages) => villages.sort((a, b) => a.name.localeCompare(b.name, 'vi')));
}
