/** What the bench page (bench.html) exposes to the runner as `window.benchApi`. */

export interface SeedOptions {
  seed: number;
  households: number;
  persons: number;
}

export interface SeedSummary {
  villageId: string;
  households: number;
  persons: number;
  visits: number;
  indexRows: number;
  ms: { generate: number; validate: number; write: number; rebuildIndex: number };
}

export interface BaselineSeedSummary {
  adapter: string;
  docs: number;
  ms: number;
}

export interface BaselineSearchResult {
  ms: number;
  /** Households matched (a person's match counts for their household). */
  matches: number;
}

export interface VisitTarget {
  householdId: string;
  personIds: string[];
}

export interface DataPathTimings {
  rows: number;
  /** householdIndex.where('villageId').equals(v).toArray() */
  readIndexRowsMs: number;
  /** sortByAddress over those rows */
  sortMs: number;
  /** filterHouseholds per full query, over the sorted rows */
  filterMs: Record<string, number>;
  /** The list's search as typed (createHouseholdSearch, each key narrowing the last): the slowest key of each query. */
  typedSlowestKey: Record<string, { text: string; ms: number }>;
  /** What the household screen reads: the household, its people, its visits. */
  readHouseholdMs: number;
  /** Median of 5: one get in its own read-only transaction (an IndexedDB round trip). */
  oneGetMs: number;
  /** Median of 5: one put in a read-write transaction with the app's strict durability (the commit's cost). */
  onePutStrictMs: number;
}

export interface BenchApi {
  calibrate(): number;
  seed(options: SeedOptions): Promise<SeedSummary>;
  /** Writes the same village (same options, same records) as PouchDB documents. */
  seedBaseline(options: SeedOptions): Promise<BaselineSeedSummary>;
  /** Opens the baseline database, so the first timed search does not pay for it. */
  baselineOpen(): Promise<void>;
  baselineSearch(query: string): Promise<BaselineSearchResult>;
  visitTargets(count: number): Promise<VisitTarget[]>;
  saveVisit(target: VisitTarget, repetition: number): Promise<number>;
  dataPath(queries: string[]): Promise<DataPathTimings>;
}

declare global {
  interface Window {
    benchApi?: BenchApi;
  }
}
