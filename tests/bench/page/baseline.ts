/**
 * The baseline: how CHT/PouchDB-style apps search. Every household and person
 * is a PouchDB document (IndexedDB adapter); a search reads all documents
 * (`allDocs({include_docs: true})`) and filters them in JavaScript with the
 * same diacritics folding and the same word rule as the app, so it finds the
 * same households. Results are neither sorted nor rendered, which favours
 * the baseline.
 */
import PouchDB from 'pouchdb-browser';
import type { Household } from '../../../src/shared/household';
import type { Person } from '../../../src/shared/person';
import { foldVietnamese } from '../../../src/shared/text';

export const BASELINE_DB = 'bench-baseline';

export async function openBaseline(): Promise<PouchDB> {
  return new PouchDB(BASELINE_DB);
}

export async function seedBaseline(
  households: readonly Household[],
  persons: readonly Person[],
): Promise<{ adapter: string; docs: number; ms: number }> {
  const started = performance.now();
  const old = new PouchDB(BASELINE_DB);
  await old.destroy();
  const db = new PouchDB(BASELINE_DB);
  // CHT-style documents: a household ("clinic") and its people, who point to it as their parent.
  const docs = [
    ...households.map((h) => ({ ...h, _id: `household:${h.id}`, type: 'clinic' })),
    ...persons.map((p) => ({ ...p, _id: `person:${p.id}`, type: 'person', parent: { _id: `household:${p.householdId}` } })),
  ];
  const BATCH = 1000;
  for (let i = 0; i < docs.length; i += BATCH) {
    const results = await db.bulkDocs(docs.slice(i, i + BATCH));
    const failed = results.find((result) => result.error);
    if (failed) throw new Error(`PouchDB bulkDocs failed: ${failed.error}`);
  }
  const info = await db.info();
  const adapter = db.adapter;
  await db.close();
  return { adapter, docs: info.doc_count, ms: performance.now() - started };
}

function matchesWords(text: string, words: string[]): boolean {
  for (const word of words) {
    const found = /^\d{3,}$/.test(word) ? text.includes(word) : text.includes(' ' + word);
    if (!found) return false;
  }
  return true;
}

export async function baselineSearch(db: PouchDB, query: string): Promise<{ ms: number; matches: number }> {
  const started = performance.now();
  const folded = foldVietnamese(query);
  const words = folded === '' ? [] : folded.split(' ');
  const result = await db.allDocs({ include_docs: true });
  // A household matches on the words of its own fields and of all its people, as the app's index row does.
  const texts = new Map<string, string>();
  const append = (householdId: string, text: string) => texts.set(householdId, (texts.get(householdId) ?? '') + ' ' + text);
  for (const row of result.rows) {
    const doc = row.doc;
    if (doc?.type === 'clinic') {
      const h = doc as unknown as Household;
      append(doc._id, foldVietnamese([h.headName, h.phone, h.houseNumber, h.hamlet, h.plaqueCode].join(' ')));
    } else if (doc?.type === 'person') {
      const p = doc as unknown as Person & { parent: { _id: string } };
      append(p.parent._id, foldVietnamese([p.fullName, p.phone].join(' ')));
    }
  }
  let matches = 0;
  for (const text of texts.values()) if (words.length === 0 || matchesWords(text, words)) matches++;
  return { ms: performance.now() - started, matches };
}
