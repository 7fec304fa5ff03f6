/**
 * Synthetic village for the benchmarks: 10,000 households and 40,000 people
 * with Vietnamese names (with diacritics), house numbers, hamlets "Xóm 1".."Xóm 12",
 * 09xxxxxxxx phones, some plaque codes, checklist answers and visits.
 *
 * Everything comes from a seeded PRNG (ids included), so two runs write the
 * same records. The records have the shape the app stores after a sync pull
 * (server version ≥ 1, no outbox entries); the bench page validates each one
 * against the shared schemas before writing it.
 */
import { DEFAULT_CATALOGUE, itemsForScope, type CatalogueItem } from '../../../src/shared/catalogue';
import type { Household } from '../../../src/shared/household';
import type { Person, Relation } from '../../../src/shared/person';
import type { ChecklistItems } from '../../../src/shared/record';
import type { Village } from '../../../src/shared/village';
import type { Visit, VisitOutcome } from '../../../src/shared/visit';
import { prng } from '../../support/prng';

export interface GeneratedVillage {
  village: Village;
  member: { id: string; name: string };
  households: Household[];
  persons: Person[];
  visits: Visit[];
}

export interface GenerateOptions {
  seed: number;
  households: number;
  persons: number;
}

const FAMILY = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan',
  'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Mai', 'Tô', 'Lương', 'Đoàn',
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
const HAMLETS = 12;
const BASE_TIME = Date.UTC(2026, 0, 5, 1, 0, 0);
const DAY = 86_400_000;


export function generateVillage(options: GenerateOptions): GeneratedVillage {
  const random = prng(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;

  /** A valid UUIDv7 (time + PRNG bits), so ids are repeatable and pass the shared id schema. */
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

  const members = [
    { id: uuid(BASE_TIME - 90 * DAY), name: 'Trần Thị Bench' },
    { id: uuid(BASE_TIME - 90 * DAY), name: 'Lê Văn Đo' },
    { id: uuid(BASE_TIME - 90 * DAY), name: 'Nguyễn Minh Thử' },
  ];
  const member = members[0]!;
  const villageTime = BASE_TIME - 80 * DAY;
  const village: Village = {
    id: uuid(villageTime),
    version: 1,
    createdAt: iso(villageTime),
    updatedAt: iso(villageTime),
    updatedBy: member.id,
    name: 'Thôn Đông Hạ',
    communeName: 'Xã Quảng Phú',
    provinceName: 'Thanh Hóa',
    legacyDistrict: '',
  };

  const householdItemDefs = itemsForScope(DEFAULT_CATALOGUE, 'household');
  const personItemDefs = itemsForScope(DEFAULT_CATALOGUE, 'person');
  const answer = (defs: CatalogueItem[], at: number, fill: number): ChecklistItems => {
    const items: ChecklistItems = {};
    for (const item of defs) {
      if (!chance(fill)) continue;
      const value = pick(item.values.filter((v) => v.id !== 'unknown'));
      items[item.id] = { value: value.id, changedAt: iso(at), changedBy: pick(members).id };
    }
    return items;
  };

  // Household sizes 1..8, then nudged so the total is exactly options.persons.
  const sizes = Array.from({ length: options.households }, () => pick([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 7, 8]));
  let total = sizes.reduce((sum, size) => sum + size, 0);
  while (total !== options.persons) {
    const i = int(0, sizes.length - 1);
    if (total < options.persons && sizes[i]! < 9) {
      sizes[i]!++;
      total++;
    } else if (total > options.persons && sizes[i]! > 1) {
      sizes[i]!--;
      total--;
    }
  }

  const households: Household[] = [];
  const persons: Person[] = [];
  const visits: Visit[] = [];
  const housesPerHamlet = new Map<number, number>();

  for (let h = 0; h < options.households; h++) {
    const created = BASE_TIME - int(10, 70) * DAY + int(0, DAY - 1);
    const updated = created + int(0, 5) * DAY;
    const by = pick(members);
    const consentGiven = chance(0.95);
    const hamletNumber = int(1, HAMLETS);
    const houseIndex = (housesPerHamlet.get(hamletNumber) ?? 0) + 1;
    housesPerHamlet.set(hamletNumber, houseIndex);
    const houseNumber = chance(0.15) ? '' : chance(0.08) ? `${houseIndex}${pick(['A', 'B', '/2'])}` : String(houseIndex);
    const headFemale = chance(0.3);
    const family = pick(FAMILY);
    const headName = consentGiven ? name(family, headFemale) : '';
    const headPhone = consentGiven && chance(0.8) ? phone() : '';
    const items = answer(householdItemDefs, updated, 0.5);
    const household: Household = {
      id: uuid(created),
      version: int(1, 4),
      createdAt: iso(created),
      updatedAt: iso(updated),
      updatedBy: by.id,
      villageId: village.id,
      hamlet: `Xóm ${hamletNumber}`,
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
    households.push(household);

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
        birthYear = Math.min(2025, Math.max(1925, headBirth + offset));
        if (relation === 'in_law' || relation === 'other') personFamily = pick(FAMILY);
      }
      if (chance(0.05)) birthYear = null;
      const adult = birthYear === null || birthYear <= 2007;
      const fullName = consentGiven ? (p === 0 ? headName : name(personFamily, female)) : '';
      const personPhone = !consentGiven ? '' : p === 0 ? headPhone : adult && chance(0.45) ? phone() : '';
      const personCreated = created + p;
      persons.push({
        id: uuid(personCreated),
        version: int(1, 3),
        createdAt: iso(personCreated),
        updatedAt: iso(updated),
        updatedBy: by.id,
        fullName,
        birthYear,
        relation,
        phone: personPhone,
        householdId: household.id,
        villageId: village.id,
        items: answer(personItemDefs, updated, 0.4),
      });
    }

    // About 40% of households visited once or twice.
    const visitCount = chance(0.4) ? int(1, 2) : 0;
    for (let v = 0; v < visitCount; v++) {
      const at = updated + int(1, 20) * DAY + int(0, DAY - 1);
      const outcome = pick<VisitOutcome>(['helped', 'helped', 'helped', 'nobody_home', 'come_back', 'declined']);
      const visitor = pick(members);
      visits.push({
        id: uuid(at),
        version: 1,
        createdAt: iso(at),
        updatedAt: iso(at),
        updatedBy: visitor.id,
        householdId: household.id,
        villageId: village.id,
        memberId: visitor.id,
        memberName: visitor.name,
        at: iso(at),
        outcome,
        notes: outcome === 'helped' ? 'Đã hướng dẫn cài VNeID và thanh toán QR.' : '',
        nextVisitOn: outcome === 'come_back' ? iso(at + int(2, 30) * DAY).slice(0, 10) : null,
        changes: [],
      });
    }
  }

  return { village, member, households, persons, visits };
}
