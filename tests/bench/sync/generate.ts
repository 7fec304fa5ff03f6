/**
 * Synthetic commune data for the sync benchmarks: households, the people
 * living in them and some visits, with Vietnamese names (diacritics),
 * hamlets, house numbers, 09xxxxxxxx phones and checklist answers — the
 * shapes of src/shared (household, person, visit), as a phone would push
 * them: new records (baseVersion 0) whose fields are `flattenRecord` of the
 * record, so the server's push path (merge, zod schemas, field stamps,
 * versions) does the real work.
 *
 * Seeded (mulberry32), so two runs push the same data.
 */
import { DEFAULT_CATALOGUE, itemsForScope, type CatalogueItem } from '../../../src/shared/catalogue';
import { flattenRecord } from '../../../src/shared/fields';
import type { Household } from '../../../src/shared/household';
import type { Person, Relation } from '../../../src/shared/person';
import type { ChecklistItems } from '../../../src/shared/record';
import type { Mutation } from '../../../src/shared/sync';
import type { Visit, VisitOutcome } from '../../../src/shared/visit';
import { prng } from '../../support/prng';

const FAMILY = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan',
  'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Mai', 'Tô', 'Lương', 'Đoàn', 'Lò', 'Hà',
];
const MIDDLE_MALE = ['Văn', 'Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Thanh', 'Xuân', 'Đình', 'Ngọc'];
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Minh', 'Thanh', 'Kim', 'Bích', 'Mỹ', 'Hồng'];
const GIVEN_MALE = [
  'Hùng', 'Dũng', 'Tuấn', 'Nam', 'Hải', 'Sơn', 'Bình', 'Cường', 'Phúc', 'Long', 'Khánh', 'Đạt', 'Hiếu', 'Thắng',
  'Lộc', 'Tài', 'Trung', 'Kiên', 'Quân', 'Vinh', 'Thành', 'Toàn', 'Việt', 'Huy', 'Hoà', 'Tùng', 'Đông', 'Nghĩa',
];
const GIVEN_FEMALE = [
  'Hoa', 'Lan', 'Hương', 'Mai', 'Linh', 'Anh', 'Thảo', 'Trang', 'Hà', 'Yến', 'Nga', 'Hạnh', 'Thủy', 'Tâm', 'Oanh',
  'Nhung', 'Huyền', 'Loan', 'Phương', 'Dung', 'Hằng', 'Liên', 'Ngân', 'Vân', 'Xuân', 'Hồng', 'Quyên', 'Diệp',
];
const PLAQUE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DAY = 86_400_000;


export interface Editor {
  id: string;
  name: string;
}

export interface CommuneDataOptions {
  seed: number;
  villageIds: string[];
  households: number;
  /** People in all; household sizes 1..8 are nudged to add up to exactly this. */
  persons: number;
  /** Visits per household on average (about 40% of households visited once or twice gives ~0.6). */
  visitsPerHousehold: number;
  /** The members who registered and visited (ids of real users: checklist stamps and visits name them). */
  editors: Editor[];
}

/** A household with its people and visits, in the order a phone pushes them (the household first). */
export interface GeneratedHousehold {
  household: Household;
  persons: Person[];
  visits: Visit[];
}

export interface CommuneData {
  households: GeneratedHousehold[];
  counts: { households: number; persons: number; visits: number };
}

export function generateCommune(options: CommuneDataOptions): CommuneData {
  const random = prng(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const baseTime = Date.now() - 100 * DAY;

  /** A valid UUIDv7 (time + PRNG bits), repeatable, accepted by the shared id schema. */
  const uuid = (timeMs: number) => {
    const bytes = new Uint8Array(16);
    let time = timeMs;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = time % 256;
      time = Math.floor(time / 256);
    }
    for (let i = 6; i < 16; i++) bytes[i] = Math.floor(random() * 256);
    bytes[6] = 0x70 | (bytes[6]! & 0x0f);
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const phone = () => '09' + String(int(0, 99_999_999)).padStart(8, '0');
  const plaque = () => 'GC' + Array.from({ length: 6 }, () => pick(PLAQUE_ALPHABET.split(''))).join('');
  const name = (family: string, female: boolean) =>
    `${family} ${pick(female ? MIDDLE_FEMALE : MIDDLE_MALE)} ${pick(female ? GIVEN_FEMALE : GIVEN_MALE)}`;

  const householdItemDefs = itemsForScope(DEFAULT_CATALOGUE, 'household').filter((item) => !item.gate);
  const personItemDefs = itemsForScope(DEFAULT_CATALOGUE, 'person');
  const answer = (defs: CatalogueItem[], at: number, fill: number): ChecklistItems => {
    const items: ChecklistItems = {};
    for (const item of defs) {
      if (!chance(fill)) continue;
      const value = pick(item.values.filter((v) => v.id !== 'unknown' && v.kind !== 'not_applicable'));
      items[item.id] = { value: value.id, changedAt: iso(at), changedBy: pick(options.editors).id };
    }
    return items;
  };

  const sizes = Array.from({ length: options.households }, () => pick([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 7, 8]));
  let total = sizes.reduce((sum, size) => sum + size, 0);
  while (total !== options.persons && options.households > 0) {
    const i = int(0, sizes.length - 1);
    if (total < options.persons && sizes[i]! < 12) {
      sizes[i]!++;
      total++;
    } else if (total > options.persons && sizes[i]! > 1) {
      sizes[i]!--;
      total--;
    }
  }

  const households: GeneratedHousehold[] = [];
  const housesPerHamlet = new Map<string, number>();
  const counts = { households: 0, persons: 0, visits: 0 };
  for (let h = 0; h < options.households; h++) {
    const villageId = options.villageIds[h % options.villageIds.length]!;
    const created = baseTime + int(0, 60) * DAY + int(0, DAY - 1);
    const updated = created + int(0, 5) * DAY;
    const by = pick(options.editors);
    const consentGiven = chance(0.95);
    const hamlet = `Xóm ${int(1, 8)}`;
    const hamletKey = `${villageId} ${hamlet}`;
    const houseIndex = (housesPerHamlet.get(hamletKey) ?? 0) + 1;
    housesPerHamlet.set(hamletKey, houseIndex);
    const houseNumber = chance(0.15) ? '' : chance(0.08) ? `${houseIndex}${pick(['A', 'B', '/2'])}` : String(houseIndex);
    const headFemale = chance(0.3);
    const family = pick(FAMILY);
    const headName = consentGiven ? name(family, headFemale) : '';
    const headPhone = consentGiven && chance(0.8) ? phone() : '';
    const items = answer(householdItemDefs, updated, 0.5);
    const household: Household = {
      id: uuid(created),
      version: 0,
      createdAt: iso(created),
      updatedAt: iso(updated),
      updatedBy: by.id,
      villageId,
      hamlet,
      houseNumber,
      headName,
      phone: headPhone,
      plaqueCode: chance(0.3) ? plaque() : '',
      notes: chance(0.1) ? 'Nhà có người già, hẹn buổi chiều.' : '',
      legacyAddress: '',
      consent: consentGiven
        ? { status: 'given', givenBy: headName, at: iso(created), recordedBy: by.id, recordedByName: by.name }
        : { status: 'declined', givenBy: '', at: iso(created), recordedBy: by.id, recordedByName: by.name },
      items,
    };

    const persons: Person[] = [];
    const headBirth = int(1945, 1995);
    for (let p = 0; p < sizes[h]!; p++) {
      let relation: Relation;
      let female: boolean;
      let birthYear: number | null;
      let personFamily = family;
      if (p === 0) {
        relation = 'head';
        female = headFemale;
        birthYear = headBirth;
      } else if (p === 1 && chance(0.8)) {
        relation = 'spouse';
        female = !headFemale;
        birthYear = headBirth + int(-5, 5);
        personFamily = pick(FAMILY);
      } else {
        relation = pick<Relation>(['child', 'child', 'child', 'grandchild', 'parent', 'sibling', 'in_law', 'other']);
        female = chance(0.5);
        const offset = relation === 'parent' ? -int(20, 30) : relation === 'grandchild' ? int(40, 55) : int(18, 35);
        birthYear = Math.min(2024, Math.max(1925, headBirth + offset));
        if (relation === 'in_law' || relation === 'other') personFamily = pick(FAMILY);
      }
      if (chance(0.05)) birthYear = null;
      const adult = birthYear === null || birthYear <= 2007;
      const fullName = consentGiven ? (p === 0 ? headName : name(personFamily, female)) : '';
      const personPhone = !consentGiven ? '' : p === 0 ? headPhone : adult && chance(0.45) ? phone() : '';
      const personCreated = created + p;
      persons.push({
        id: uuid(personCreated),
        version: 0,
        createdAt: iso(personCreated),
        updatedAt: iso(updated),
        updatedBy: by.id,
        fullName,
        birthYear,
        relation,
        phone: personPhone,
        householdId: household.id,
        villageId,
        items: answer(personItemDefs, updated, 0.4),
      });
    }

    const visits: Visit[] = [];
    // About 40% of households visited once or twice (0.6 per household); scaled to the option.
    const visitCount = chance(Math.min(1, options.visitsPerHousehold / 1.5)) ? int(1, 2) : 0;
    for (let v = 0; v < visitCount; v++) {
      const at = Math.min(Date.now() - DAY, updated + int(1, 20) * DAY + int(0, DAY - 1));
      const outcome = pick<VisitOutcome>(['helped', 'helped', 'helped', 'nobody_home', 'come_back', 'declined']);
      const visitor = pick(options.editors);
      visits.push({
        id: uuid(at),
        version: 0,
        createdAt: iso(at),
        updatedAt: iso(at),
        updatedBy: visitor.id,
        householdId: household.id,
        villageId,
        memberId: visitor.id,
        memberName: visitor.name,
        at: iso(at),
        outcome,
        notes: outcome === 'helped' ? 'Đã hướng dẫn cài VNeID và thanh toán QR.' : '',
        nextVisitOn: outcome === 'come_back' ? iso(at + int(2, 30) * DAY).slice(0, 10) : null,
        changes: [],
      });
    }
    households.push({ household, persons, visits });
    counts.households += 1;
    counts.persons += persons.length;
    counts.visits += visits.length;
  }
  return { households, counts };
}

/** Mutations without a seq yet: the pushing device numbers them. */
export type Unnumbered = Omit<Mutation, 'seq'>;

/** A new record as a phone queues it: every field, based on version 0. */
export function newRecordMutation(entity: Mutation['entity'], record: { id: string; updatedAt: string; updatedBy: string }): Unnumbered {
  return {
    entity,
    id: record.id,
    op: 'put',
    baseVersion: 0,
    fields: flattenRecord(record),
    editedAt: record.updatedAt,
    editedBy: record.updatedBy,
  };
}

/** Every record of the commune as mutations, each household before its people and visits. */
export function communeMutations(data: CommuneData): Unnumbered[] {
  const mutations: Unnumbered[] = [];
  for (const { household, persons, visits } of data.households) {
    mutations.push(newRecordMutation('household', household));
    for (const person of persons) mutations.push(newRecordMutation('person', person));
    for (const visit of visits) mutations.push(newRecordMutation('visit', visit));
  }
  return mutations;
}

export function numbered(mutations: Unnumbered[], firstSeq = 1): Mutation[] {
  return mutations.map((mutation, i) => ({ seq: firstSeq + i, ...mutation }));
}
