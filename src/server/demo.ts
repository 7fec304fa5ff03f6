/**
 * `npm start -- --demo`: a demo commune to try everything at once — four
 * villages, a leader and three members (passwords printed), and about three
 * hundred households with synthetic Vietnamese names, written through the
 * same push path a phone uses. Running it again changes nothing.
 */
import { DEFAULT_CATALOGUE } from '../shared/catalogue';
import { flattenRecord } from '../shared/fields';
import { uuidv7 } from '../shared/ids';
import type { Mutation } from '../shared/sync';
import { SCHEMA_VERSION } from '../shared/sync';
import { hashPassword } from './auth';
import type { Store } from './store/store';

export const DEMO_PASSWORD = 'demo1234';
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Lò', 'Hà', 'Triệu'];
const MALE = ['Văn An', 'Văn Bình', 'Đức Cường', 'Minh Dũng', 'Hữu Hải', 'Quang Huy', 'Văn Khánh', 'Đình Long', 'Văn Nam', 'Thành Phong', 'Văn Quý', 'Minh Tuấn'];
const FEMALE = ['Thị Hoa', 'Thị Lan', 'Thị Mai', 'Ngọc Anh', 'Thị Hằng', 'Thu Hương', 'Thị Nga', 'Thị Oanh', 'Kim Phượng', 'Thị Thảo', 'Thị Yến', 'Minh Thư'];
const VILLAGES = ['Thôn Đông', 'Thôn Đoài', 'Bản Nà Hang', 'Tổ dân phố 3'];

/** A small seeded generator (mulberry32), so the demo is the same every time. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemo(store: Store, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
  if (await store.findUserByUsername('demo.totruong')) return;
  const commune = await store.createCommune({ name: 'Xã Tân Lập (demo)', provinceName: 'Tuyên Quang' });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const leader = await store.createUser({ communeId: commune.id, role: 'leader', username: 'demo.totruong', displayName: 'Hà Văn Tổ', passwordHash });
  const members = [];
  for (const [index, name] of ['Lò Thị Mai', 'Nguyễn Đức Cường', 'Triệu Thu Hương'].entries()) {
    members.push(await store.createUser({ communeId: commune.id, role: 'member', username: `demo.thanhvien${index + 1}`, displayName: name, passwordHash }));
  }

  const next = random(20251);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const mutations: Mutation[] = [];
  const now = new Date().toISOString();
  const meta = () => ({ id: uuidv7(), version: 0, createdAt: now, updatedAt: now, updatedBy: leader.id });
  const add = (entity: Mutation['entity'], record: { id: string } & Record<string, unknown>) =>
    mutations.push({ seq: mutations.length + 1, entity, id: record.id, op: 'put', baseVersion: 0, fields: flattenRecord(record), editedAt: now, editedBy: leader.id });
  const entry = (value: string) => ({ value, changedAt: now, changedBy: leader.id });
  const statusValue = () => pick(['unknown', 'unknown', 'done', 'done', 'done', 'in_progress', 'declined']);

  const villageIds: string[] = [];
  for (const name of VILLAGES) {
    const village = { ...meta(), name, communeName: commune.name, provinceName: commune.provinceName, legacyDistrict: '' };
    villageIds.push(village.id);
    add('village', village);
  }
  for (let h = 0; h < 300; h++) {
    const villageId = villageIds[h % villageIds.length]!;
    const family = pick(FAMILY);
    const headName = `${family} ${pick(MALE)}`;
    const householdItems: Record<string, ReturnType<typeof entry>> = {};
    for (const item of DEFAULT_CATALOGUE.items.filter((i) => i.scope === 'household' && i.valueType === 'status' && !i.gate)) {
      householdItems[item.id] = entry(statusValue());
    }
    householdItems['hh.business'] = entry(next() < 0.2 ? 'yes' : 'no');
    const phone = `09${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
    const household = {
      ...meta(),
      villageId,
      hamlet: `Xóm ${1 + Math.floor(next() * 6)}`,
      houseNumber: next() < 0.6 ? String(1 + Math.floor(next() * 150)) : '',
      headName,
      phone,
      plaqueCode: '',
      notes: '',
      legacyAddress: '',
      items: householdItems,
      consent: { status: 'given', givenBy: headName, at: now, recordedBy: leader.id, recordedByName: leader.displayName },
    };
    add('household', household);
    const size = 1 + Math.floor(next() * 5);
    for (let p = 0; p < size; p++) {
      const relation = p === 0 ? 'head' : p === 1 ? 'spouse' : 'child';
      const fullName = p === 0 ? headName : p === 1 ? `${pick(FAMILY)} ${pick(FEMALE)}` : `${family} ${pick(next() < 0.5 ? MALE : FEMALE)}`;
      const birthYear = p < 2 ? 1950 + Math.floor(next() * 45) : 1990 + Math.floor(next() * 34);
      const items: Record<string, ReturnType<typeof entry>> = {};
      for (const item of DEFAULT_CATALOGUE.items.filter((i) => i.scope === 'person' && i.valueType === 'status')) {
        items[item.id] = entry(statusValue());
      }
      items['p.vneid'] = entry(pick(['unknown', 'none', 'level1', 'level2', 'level2']));
      add('person', { ...meta(), householdId: household.id, villageId, fullName, birthYear, relation, phone: '', items });
    }
  }
  const deviceId = uuidv7();
  const scope = { user: leader, communeId: commune.id, villageIds: 'commune' as const };
  for (let start = 0; start < mutations.length; start += 500) {
    await store.push(scope, { deviceId, schemaVersion: SCHEMA_VERSION, appVersion: 'demo', epoch: null, mutations: mutations.slice(start, start + 500) });
  }
  for (const [index, member] of members.entries()) {
    await store.setUserVillages(member.id, [villageIds[index]!, villageIds[(index + 1) % villageIds.length]!]);
  }
  print('');
  print(`  Dữ liệu demo / demo data: ${commune.name}, ${VILLAGES.length} thôn, 300 hộ`);
  print(`    tổ trưởng / leader:  demo.totruong / ${DEMO_PASSWORD}`);
  print(`    thành viên / members: demo.thanhvien1, demo.thanhvien2, demo.thanhvien3 / ${DEMO_PASSWORD}`);
  print('');
}
