/**
 * The default checklist catalogue (shared/DOMAIN.md), as data.
 *
 * Provinces set their own smart-village criteria, so the catalogue is a
 * versioned value that a commune may later replace; nothing else in the code
 * names an item id except where a rule is about that item (the business gate).
 * Every value has a `kind`, so gaps and indicators are computed from data:
 * a choice value such as VNeID "level1" is `done` for "has an account".
 */

export type Localized = { vi: string; en: string };

export type ValueKind = 'unknown' | 'todo' | 'in_progress' | 'done' | 'declined' | 'not_applicable';

/** Who an item is counted over: the denominators of DOMAIN.md. */
export type Denominator =
  | 'households'
  | 'business_households'
  | 'adults'
  | 'age14plus'
  | 'age15plus'
  | 'working_age';

export type ItemScope = 'household' | 'person';

export interface CatalogueValue {
  id: string;
  kind: ValueKind;
  label: Localized;
}

export interface CatalogueItem {
  id: string;
  scope: ItemScope;
  label: Localized;
  short: Localized;
  valueType: 'status' | 'choice' | 'yes_no';
  values: CatalogueValue[];
  denominators: Denominator[];
  /** The item applies only while another item of the same record has this value. */
  gate?: { itemId: string; value: string };
}

export interface Catalogue {
  id: string;
  version: number;
  items: CatalogueItem[];
}

export const UNKNOWN_VALUE = 'unknown';

const unknown: CatalogueValue = { id: UNKNOWN_VALUE, kind: 'unknown', label: { vi: 'Chưa kiểm tra', en: 'Not checked' } };
const notApplicable: CatalogueValue = {
  id: 'not_applicable',
  kind: 'not_applicable',
  label: { vi: 'Không áp dụng', en: 'Not applicable' },
};
const declined: CatalogueValue = { id: 'declined', kind: 'declined', label: { vi: 'Từ chối', en: 'Declined' } };

const STATUS_VALUES: CatalogueValue[] = [
  unknown,
  { id: 'in_progress', kind: 'in_progress', label: { vi: 'Đang hỗ trợ', en: 'In progress' } },
  { id: 'done', kind: 'done', label: { vi: 'Đạt', en: 'Done' } },
  declined,
  notApplicable,
];

function statusItem(
  id: string,
  scope: ItemScope,
  label: Localized,
  short: Localized,
  denominators: Denominator[],
  gate?: CatalogueItem['gate'],
): CatalogueItem {
  return { id, scope, label, short, valueType: 'status', values: STATUS_VALUES, denominators, ...(gate ? { gate } : {}) };
}

const BUSINESS_GATE = { itemId: 'hh.business', value: 'yes' };

export const DEFAULT_CATALOGUE: Catalogue = {
  id: 'vn-default',
  version: 1,
  items: [
    statusItem(
      'hh.internet',
      'household',
      { vi: 'Hộ sử dụng Internet (cáp quang/3G/4G/5G)', en: 'Household uses internet' },
      { vi: 'Internet', en: 'Internet' },
      ['households'],
    ),
    statusItem(
      'hh.fibre',
      'household',
      { vi: 'Hộ có Internet cáp quang', en: 'Household has fibre' },
      { vi: 'Cáp quang', en: 'Fibre' },
      ['households'],
    ),
    statusItem(
      'hh.zalo',
      'household',
      { vi: 'Hộ có người trong nhóm Zalo của thôn', en: 'In village Zalo group' },
      { vi: 'Nhóm Zalo', en: 'Zalo group' },
      ['households'],
    ),
    statusItem(
      'hh.digital_address',
      'household',
      { vi: 'Hộ đã gắn địa chỉ số', en: 'Has digital address' },
      { vi: 'Địa chỉ số', en: 'Digital address' },
      ['households'],
    ),
    {
      id: 'hh.business',
      scope: 'household',
      label: { vi: 'Hộ có hoạt động kinh doanh', en: 'Runs a business' },
      short: { vi: 'Kinh doanh', en: 'Business' },
      valueType: 'yes_no',
      values: [
        unknown,
        { id: 'yes', kind: 'done', label: { vi: 'Có', en: 'Yes' } },
        { id: 'no', kind: 'done', label: { vi: 'Không', en: 'No' } },
      ],
      denominators: ['households'],
    },
    statusItem(
      'hh.biz_cashless',
      'household',
      { vi: 'Hộ kinh doanh nhận thanh toán không dùng tiền mặt (QR)', en: 'Business accepts cashless/QR' },
      { vi: 'Nhận thanh toán QR', en: 'Accepts QR' },
      ['business_households'],
      BUSINESS_GATE,
    ),
    {
      id: 'hh.biz_online',
      scope: 'household',
      label: { vi: 'Hộ kinh doanh bán hàng trên nền tảng số', en: 'Business sells online' },
      short: { vi: 'Bán hàng online', en: 'Sells online' },
      valueType: 'choice',
      values: [
        unknown,
        { id: 'none', kind: 'todo', label: { vi: 'Chưa bán', en: 'None' } },
        { id: 'social', kind: 'done', label: { vi: 'Mạng xã hội', en: 'Social media' } },
        { id: 'marketplace', kind: 'done', label: { vi: 'Sàn TMĐT', en: 'Marketplace' } },
        { id: 'both', kind: 'done', label: { vi: 'Cả hai', en: 'Both' } },
        declined,
        notApplicable,
      ],
      denominators: ['business_households'],
      gate: BUSINESS_GATE,
    },
    statusItem(
      'p.smartphone',
      'person',
      { vi: 'Có điện thoại thông minh', en: 'Owns a smartphone' },
      { vi: 'Điện thoại TM', en: 'Smartphone' },
      ['adults'],
    ),
    {
      id: 'p.vneid',
      scope: 'person',
      label: { vi: 'Tài khoản định danh điện tử VNeID', en: 'VNeID account' },
      short: { vi: 'VNeID', en: 'VNeID' },
      valueType: 'choice',
      values: [
        unknown,
        { id: 'none', kind: 'todo', label: { vi: 'Chưa có', en: 'None' } },
        { id: 'level1', kind: 'done', label: { vi: 'Mức 1', en: 'Level 1' } },
        { id: 'level2', kind: 'done', label: { vi: 'Mức 2', en: 'Level 2' } },
        declined,
        notApplicable,
      ],
      denominators: ['age14plus'],
    },
    statusItem(
      'p.payment',
      'person',
      { vi: 'Có tài khoản thanh toán điện tử', en: 'Has e-payment account' },
      { vi: 'TK thanh toán', en: 'E-payment' },
      ['working_age', 'age15plus'],
    ),
    statusItem(
      'p.qr_pay',
      'person',
      { vi: 'Biết thanh toán bằng mã QR', en: 'Uses QR payment' },
      { vi: 'Thanh toán QR', en: 'QR payment' },
      ['adults'],
    ),
    statusItem(
      'p.public_service',
      'person',
      { vi: 'Có tài khoản dịch vụ công', en: 'Public-service portal account' },
      { vi: 'Dịch vụ công', en: 'Public services' },
      ['adults'],
    ),
    statusItem('p.vssid', 'person', { vi: 'Cài đặt VssID', en: 'Has VssID' }, { vi: 'VssID', en: 'VssID' }, ['adults']),
    statusItem(
      'p.skills',
      'person',
      { vi: 'Được hướng dẫn kỹ năng số cơ bản', en: 'Coached in basic digital skills' },
      { vi: 'Kỹ năng số', en: 'Digital skills' },
      ['working_age'],
    ),
    statusItem(
      'p.anti_fraud',
      'person',
      { vi: 'Được hướng dẫn phòng chống lừa đảo trực tuyến', en: 'Briefed on online fraud' },
      { vi: 'Chống lừa đảo', en: 'Anti-fraud' },
      ['adults'],
    ),
  ],
};

/**
 * Age cut-offs, kept as commune settings. The statutory retirement age rises
 * every year under the 2019 Labour Code (in 2026: 61 years 6 months for men,
 * 57 for women). Only the birth year is stored and no sex is recorded, so the
 * default working-age band is 15–60 inclusive; a commune sets its own.
 */
export interface AgeSettings {
  adultAge: number;
  workingAgeMin: number;
  workingAgeMax: number;
}

export const DEFAULT_AGE_SETTINGS: AgeSettings = { adultAge: 18, workingAgeMin: 15, workingAgeMax: 60 };

export function itemsForScope(catalogue: Catalogue, scope: ItemScope): CatalogueItem[] {
  return catalogue.items.filter((item) => item.scope === scope);
}

export function findItem(catalogue: Catalogue, itemId: string): CatalogueItem | undefined {
  return catalogue.items.find((item) => item.id === itemId);
}

export function valueOf(item: CatalogueItem, valueId: string): CatalogueValue {
  return item.values.find((value) => value.id === valueId) ?? item.values[0]!;
}

/** Whether a person of this age (undefined: birth year not known) is counted in a denominator. */
export function personInDenominator(
  denominator: Denominator,
  age: number | undefined,
  settings: AgeSettings = DEFAULT_AGE_SETTINGS,
): boolean {
  if (age === undefined) return true;
  switch (denominator) {
    case 'adults':
      return age >= settings.adultAge;
    case 'age14plus':
      return age >= 14;
    case 'age15plus':
      return age >= 15;
    case 'working_age':
      return age >= settings.workingAgeMin && age <= settings.workingAgeMax;
    case 'households':
    case 'business_households':
      return false;
  }
}

export function ageInYear(birthYear: number | undefined, year: number): number | undefined {
  return birthYear === undefined ? undefined : year - birthYear;
}

/**
 * Whether an item applies to a record: its gate is open and, for a person,
 * their age falls in one of its denominators. Items that do not apply are
 * neither shown as gaps nor counted.
 */
export function itemApplies(
  item: CatalogueItem,
  recordItems: Readonly<Record<string, { value: string } | undefined>>,
  age: number | undefined,
  settings: AgeSettings = DEFAULT_AGE_SETTINGS,
): boolean {
  if (item.gate && recordItems[item.gate.itemId]?.value !== item.gate.value) return false;
  if (item.scope === 'household') return true;
  return item.denominators.some((denominator) => personInDenominator(denominator, age, settings));
}

const GAP_KINDS: ReadonlySet<ValueKind> = new Set(['unknown', 'todo', 'in_progress']);

/** A gap is an applicable item still to check or to help with. */
export function isGap(item: CatalogueItem, valueId: string | undefined): boolean {
  return GAP_KINDS.has(valueOf(item, valueId ?? UNKNOWN_VALUE).kind);
}
