/**
 * What the plaque screens read from the phone: the households still without
 * a plaque, the print runs already made (to print a lost sheet again), and
 * the plaques of one print selection with the address line of each assigned
 * one. Reads only; every write goes through data/plaques.ts.
 */
import type { Household } from '../../../shared/household';
import type { Plaque } from '../../../shared/plaque';
import { parsePlaqueCode } from '../../../shared/plaque-code';
import type { GoCuaDatabase } from '../../data/database';
import { addressSortKey } from '../../data/search';
import type { PrintSelection } from './print-selection';

/** The households of a village with no plaque yet, in walking order (hamlet, then house number). */
export async function householdsWithoutPlaque(db: GoCuaDatabase, villageId: string): Promise<Household[]> {
  const households = await db.households
    .where('villageId')
    .equals(villageId)
    .filter((household) => household.plaqueCode === '')
    .toArray();
  const keyed = households.map((household) => ({ household, key: addressSortKey(household.hamlet, household.houseNumber, '') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.household.id.localeCompare(b.household.id)));
  return keyed.map(({ household }) => household);
}

export interface PrintRunSummary {
  createdAt: string;
  printedBy: string;
  /** Plaques of the run still in service (retired ones are never printed again). */
  count: number;
}

export interface VillagePlaques {
  /** Plaques printed but not on a gate yet. */
  unassigned: number;
  /** The latest print runs, newest first. */
  runs: PrintRunSummary[];
}

/** The village's plaques on this phone, summed up for "print again". */
export async function villagePlaques(db: GoCuaDatabase, villageId: string, runLimit = 5): Promise<VillagePlaques> {
  const plaques = await db.plaques.where('villageId').equals(villageId).toArray();
  const runs = new Map<string, PrintRunSummary>();
  let unassigned = 0;
  for (const plaque of plaques) {
    if (plaque.status === 'retired') continue;
    if (plaque.status === 'unassigned') unassigned += 1;
    const key = `${plaque.createdAt}\u0000${plaque.printedBy}`;
    const run = runs.get(key) ?? { createdAt: plaque.createdAt, printedBy: plaque.printedBy, count: 0 };
    run.count += 1;
    runs.set(key, run);
  }
  const newestFirst = [...runs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { unassigned, runs: newestFirst.slice(0, runLimit) };
}

function selected(plaque: Plaque, selection: PrintSelection): boolean {
  switch (selection.kind) {
    case 'run':
      return plaque.createdAt === selection.createdAt && plaque.printedBy === selection.printedBy;
    case 'code':
      return plaque.code === selection.code;
    case 'unassigned':
      return plaque.status === 'unassigned';
  }
}

/** Printing order: by number, which for a households run is the walking order they were numbered in. */
function byNumber(a: Plaque, b: Plaque): number {
  const left = parsePlaqueCode(a.code);
  const right = parsePlaqueCode(b.code);
  const difference = (left.ok ? left.number : 0) - (right.ok ? right.number : 0);
  return difference !== 0 ? difference : a.code.localeCompare(b.code);
}

/** What goes on a plaque besides its code: where the house is (never who lives there). */
export interface PlaqueAddress {
  hamlet: string;
  houseNumber: string;
}

export interface PrintSheetData {
  plaques: Plaque[];
  /** Selected plaques left out because they were retired (replaced, lost, damaged). */
  retired: number;
  /** Address lines of assigned plaques, by household id. */
  addresses: Map<string, PlaqueAddress>;
}

export async function plaquesToPrint(db: GoCuaDatabase, villageId: string, selection: PrintSelection): Promise<PrintSheetData> {
  const all = await db.plaques.where('villageId').equals(villageId).toArray();
  const chosen = all.filter((plaque) => selected(plaque, selection));
  const plaques = chosen.filter((plaque) => plaque.status !== 'retired').sort(byNumber);
  const householdIds = [...new Set(plaques.flatMap((plaque) => (plaque.status === 'assigned' && plaque.householdId ? [plaque.householdId] : [])))];
  const households = await db.households.bulkGet(householdIds);
  const addresses = new Map<string, PlaqueAddress>();
  for (const household of households) {
    if (household) addresses.set(household.id, { hamlet: household.hamlet, houseNumber: household.houseNumber });
  }
  return { plaques, retired: chosen.length - plaques.length, addresses };
}
