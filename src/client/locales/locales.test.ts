// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RELATIONS } from '../../shared/person';
import { VISIT_OUTCOMES } from '../../shared/visit';
import en from './en.json';
import vi from './vi.json';

type Messages = { [key: string]: string | Messages };

const SRC = path.resolve(import.meta.dirname, '../..');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** "a.b.c" → text, for every leaf of a locale file. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') keys.set(prefix + key, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) keys.set(inner, text);
  }
  return keys;
}

const viKeys = flatten(vi);
const enKeys = flatten(en);
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');
const has = (keys: Map<string, string>, key: string) => keys.has(key) || keys.has(`${key}_other`);

/** The source files (not tests) under a folder of src/. */
function sources(folder: string): Array<{ file: string; text: string }> {
  const root = path.join(SRC, folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => ({ file: path.join(folder, file), text: readFileSync(path.join(root, file), 'utf8') }));
}

function matchesIn(folders: string[], pattern: RegExp): Array<{ file: string; match: string }> {
  return folders.flatMap((folder) =>
    sources(folder).flatMap(({ file, text }) => [...text.matchAll(pattern)].map((found) => ({ file, match: found[1]! }))),
  );
}

function interpolations(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((found) => found[1]!).sort();
}

describe('locale files', () => {
  it('have the same keys in Vietnamese and English (English plural forms count as their base key)', () => {
    const enBase = new Set([...enKeys.keys()].map(baseKey));
    expect([...viKeys.keys()].filter((key) => !enBase.has(key))).toEqual([]);
    expect([...enBase].filter((key) => !viKeys.has(key))).toEqual([]);
  });

  it('give English plurals both a "one" and an "other" form', () => {
    for (const key of enKeys.keys()) {
      if (!PLURAL_SUFFIX.test(key)) continue;
      expect(enKeys.has(`${baseKey(key)}_one`), key).toBe(true);
      expect(enKeys.has(`${baseKey(key)}_other`), key).toBe(true);
    }
  });

  it('use the same {{placeholders}} in both languages', () => {
    for (const [key, text] of enKeys) {
      const viText = viKeys.get(baseKey(key));
      if (viText === undefined) continue;
      const enNames = interpolations(text).filter((name) => name !== 'count');
      const viNames = interpolations(viText).filter((name) => name !== 'count');
      expect(enNames, key).toEqual(viNames);
    }
  });

  it('have no empty messages', () => {
    for (const [key, text] of [...viKeys, ...enKeys]) expect(text.trim(), key).not.toBe('');
  });
});

describe('keys used in the code', () => {
  it('finds every t("literal.key") of src/client in vi.json', () => {
    const used = matchesIn(['client'], /\bt\(\s*'([^']+)'/g);
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter(({ match }) => !has(viKeys, match)).map(({ file, match }) => `${file}: ${match}`)).toEqual([]);
  });

  it('finds every key built from a template, such as t(`visit.outcome.${outcome}`), as a group in vi.json', () => {
    const prefixes = matchesIn(['client'], /\bt\(\s*`([\w.]+)\.\$\{/g);
    expect(prefixes.length).toBeGreaterThan(0);
    for (const { file, match } of prefixes) {
      expect([...viKeys.keys()].some((key) => key.startsWith(`${match}.`)), `${file}: ${match}`).toBe(true);
    }
  });

  it('translates every visit outcome, relation, list filter and come-back state in both languages', () => {
    const keys = [
      ...VISIT_OUTCOMES.map((outcome) => `visit.outcome.${outcome}`),
      ...RELATIONS.map((relation) => `relation.${relation}`),
      ...['all', 'not_visited', 'come_back', 'gaps'].map((filter) => `household.filter.${filter}`),
      ...['overdue', 'due', 'later'].map((state) => `household.comeBack.${state}`),
    ];
    expect(keys.filter((key) => !has(viKeys, key) || !has(enKeys, key))).toEqual([]);
  });

  it('has a message in both languages for every errors.* key of src/shared and src/client', () => {
    const used = matchesIn(['shared', 'client'], /'(errors\.[\w.]+)'/g);
    expect(used.length).toBeGreaterThan(15);
    const missing = used.filter(({ match }) => !viKeys.has(match) || !enKeys.has(match));
    expect(missing.map(({ file, match }) => `${file}: ${match}`)).toEqual([]);
  });

  it('has a message for every phone error code, shown as errors.<code>', () => {
    const codes = matchesIn(['shared'], /'(phone\.\w+)'/g).map(({ match }) => `errors.${match}`);
    expect(codes.sort()).toEqual(
      expect.arrayContaining(['errors.phone.invalidCharacters', 'errors.phone.notMobile', 'errors.phone.wrongLength']),
    );
    expect(codes.filter((key) => !viKeys.has(key) || !enKeys.has(key))).toEqual([]);
  });
});
