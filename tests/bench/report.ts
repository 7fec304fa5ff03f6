/** Prints the bench results as compact tables, each figure next to its target. */
import { FINGER_PRESS_MS, type ColdLoad, type Navigation, type TypedQuery, type BaselineSample } from './latency';
import type { DataPathTimings } from './page/api';
import type { SizeReport } from './size';
import { kib, ms, summarize, table, verdict, type Summary } from './stats';

export const TARGET = { initialJsGzip: 160 * 1024, searchP95: 50, openP95: 100, visitP95: 30 };

export function log(line = ''): void {
  process.stdout.write(line + '\n');
}

export function heading(title: string): void {
  log();
  log(title);
  log('═'.repeat(title.length));
}

export function printSizes(size: SizeReport): void {
  const { initialJs, initialCss, precache } = size;
  log(
    table(
      ['Figure', 'Value', 'Target', 'Status'],
      [
        [
          `Initial JS, gzip -9 (entry + ${initialJs.files.length - 1} modulepreloads)`,
          kib(initialJs.gzip),
          `≤ ${kib(TARGET.initialJsGzip)}`,
          verdict(initialJs.met),
        ],
        ['Initial JS, raw', kib(initialJs.raw), '', ''],
        ['Initial CSS, gzip -9', kib(initialCss.gzip), '', ''],
        [`Precache, raw (${precache.entries} entries, ${precache.files} files)`, kib(precache.raw), '', ''],
        ['Precache, gzip -9', kib(precache.gzip), '', ''],
      ],
    ),
  );
  log();
  log(
    table(
      ['Initial chunk', 'Raw', 'Gzip', 'Share'],
      [...initialJs.files]
        .sort((a, b) => b.gzip - a.gzip)
        .map((file) => [file.file, kib(file.raw), kib(file.gzip), `${((file.gzip / initialJs.gzip) * 100).toFixed(0)}%`]),
    ),
  );
  log();
  const top = initialJs.composition.slice(0, 8);
  const rest = initialJs.composition.slice(8).reduce((total, entry) => total + entry.raw, 0);
  const mapped = initialJs.composition.reduce((total, entry) => total + entry.raw, 0);
  log(
    table(
      ['Initial JS by origin (source maps)', 'Raw', 'Share'],
      [...top, { origin: `${initialJs.composition.length - top.length} others`, raw: rest }].map((entry) => [
        entry.origin,
        kib(entry.raw),
        `${((entry.raw / mapped) * 100).toFixed(0)}%`,
      ]),
    ),
  );
  log();
  log(
    table(
      ['Precached type', 'Files', 'Raw', 'Gzip'],
      Object.entries(precache.byType)
        .sort((a, b) => b[1].raw - a[1].raw)
        .map(([type, bucket]) => [type, bucket.count, kib(bucket.raw), kib(bucket.gzip)]),
    ),
  );
}

function figureRow(label: string, summary: Summary, target: number | null): Array<string | number> {
  return [
    label,
    summary.n,
    ms(summary.p50),
    ms(summary.p95),
    ms(summary.max),
    target === null ? '' : `p95 ≤ ${target} ms`,
    target === null ? '' : verdict(summary.p95 <= target),
  ];
}

const FIGURE_HEADERS = ['Figure', 'n', 'p50', 'p95', 'max', 'Target', 'Status'];

export interface SearchFigures {
  all: Summary;
  settled: Summary;
  clear: Summary;
  perQuery: Array<{ query: string; dom: Summary; settled: Summary; unchanged: number; result: string }>;
}

export function searchFigures(typed: TypedQuery[]): SearchFigures {
  const dom = (t: TypedQuery) => t.keystrokes.flatMap((k) => (k.dom === null ? [] : [k.dom]));
  return {
    all: summarize(typed.flatMap(dom)),
    settled: summarize(typed.flatMap((t) => t.keystrokes.map((k) => k.settled))),
    clear: summarize(typed.flatMap((t) => (t.clear?.dom == null ? [] : [t.clear.dom]))),
    // A query typed in several rounds: one row, its keys of every round together.
    perQuery: [...new Set(typed.map((t) => t.query))].map((query) => {
      const rounds = typed.filter((t) => t.query === query);
      const keystrokes = rounds.flatMap((t) => t.keystrokes);
      return {
        query,
        dom: summarize(rounds.flatMap(dom)),
        settled: summarize(keystrokes.map((k) => k.settled)),
        unchanged: keystrokes.filter((k) => k.dom === null).length,
        result: rounds.at(-1)!.resultText,
      };
    }),
  };
}

export function printSearch(search: SearchFigures): void {
  log();
  log(`  Search: typing into the list's search box, input event → results DOM updated (${search.all.n} keystrokes):`);
  log(
    table(
      ['Query', 'Keys timed', 'p50', 'p95', 'max', 'settled p95', 'Result'],
      search.perQuery.map((q) => [
        `"${q.query}"`,
        `${q.dom.n}${q.unchanged ? ` (+${q.unchanged} no change)` : ''}`,
        ms(q.dom.p50),
        ms(q.dom.p95),
        ms(q.dom.max),
        ms(q.settled.p95),
        q.result,
      ]),
    ),
  );
  log();
  log(
    table(FIGURE_HEADERS, [
      figureRow('Search keystroke → results on screen', search.all, TARGET.searchP95),
      figureRow('Keystroke → main thread free (every key)', search.settled, null),
      figureRow('Clearing the box → full list', search.clear, null),
    ]),
  );
  log('  ("no change": the key did not change what the list shows, e.g. a space; "settled": React done with the key)');
}

export interface ScreenFigures {
  /** Opens by a bare click (no press), and by a finger tap. */
  open: Summary;
  openByFinger: Summary;
  back: Summary;
  tapShown: Summary;
  tapLongestTask: Summary;
  visit: Summary;
  coldList: Summary;
  coldShell: Summary;
}

export function screenFigures(navigations: Navigation[], saves: number[], loads: ColdLoad[]): ScreenFigures {
  return {
    open: summarize(navigations.filter((n) => n.pressMs === 0).map((n) => n.open)),
    openByFinger: summarize(navigations.filter((n) => n.pressMs > 0).map((n) => n.open)),
    back: summarize(navigations.map((n) => n.back)),
    tapShown: summarize(navigations.flatMap((n) => (n.tap ? [n.tap.shown] : []))),
    tapLongestTask: summarize(navigations.flatMap((n) => (n.tap ? [n.tap.longestTask] : []))),
    visit: summarize(saves),
    coldList: summarize(loads.map((l) => l.list)),
    coldShell: summarize(loads.map((l) => l.shell)),
  };
}

export function printScreens(figures: ScreenFigures, loads: ColdLoad[], dataPath: DataPathTimings, throttling: number): void {
  log();
  log('  Households, visits and the list\'s first load:');
  log(
    table(FIGURE_HEADERS, [
      figureRow(`Open a household, finger tap (${FINGER_PRESS_MS} ms press): release → h1 + members`, figures.openByFinger, TARGET.openP95),
      figureRow('Open a household, bare click (0 ms press): click → h1 + members', figures.open, TARGET.openP95),
      figureRow('Save a visit (recordVisit, 2–3 changes)', figures.visit, TARGET.visitP95),
      figureRow('Back to the list (click → rows again)', figures.back, null),
      figureRow('Checklist tap "✓ Đạt" → answer on screen', figures.tapShown, null),
      figureRow('Longest main-thread task ≤ 1.5 s after a tap', figures.tapLongestTask, null),
      figureRow('Cold reload → list rendered (one-time)', figures.coldList, null),
      figureRow('Cold reload → shell (first h1)', figures.coldShell, null),
    ]),
  );
  log(`  cold loads, navigation start → list: ${loads.map((l) => ms(l.list)).join(', ')} (the first is right after the browser starts)`);
  log('  (open: each of the list\'s first rows both ways, which first alternating by row. The row reads its household on touch and opens on');
  log('   release, so a finger\'s press hides the read; a bare click releases at once, as no finger does.');
  log('   a tap: on each opened household, its first one-tap "done"; a longest task of 0 ms means none of 50 ms or more, the long-task threshold)');
  log();
  log(`  Where the list's time goes (bench page, same data layer, ${throttling}× throttled):`);
  log(
    table(
      ['Step', 'Time'],
      [
        [`householdIndex.where('villageId').toArray(): ${dataPath.rows} rows`, ms(dataPath.readIndexRowsMs)],
        ['sortByAddress (Intl.Collator vi, numeric)', ms(dataPath.sortMs)],
        ...Object.entries(dataPath.filterMs).flatMap(([q, t]): Array<[string, string]> => {
          const key = dataPath.typedSlowestKey[q];
          return [[`filterHouseholds("${q}")`, ms(t)], ...(key ? [[`  typed key by key, the slowest ("${key.text}")`, ms(key.ms)] as [string, string]] : [])];
        }),
        ['household screen reads (household, people, visits)', ms(dataPath.readHouseholdMs)],
        ['one IndexedDB get (read-only transaction), median', ms(dataPath.oneGetMs)],
        ['one put, read-write transaction, strict durability, median', ms(dataPath.onePutStrictMs)],
      ],
    ),
  );
}

export interface BaselineFigures {
  all: Summary;
  perQuery: Array<{ query: string; summary: Summary; matches: number | null }>;
  ratio: { p50: number; p95: number };
}

export function baselineFigures(samples: BaselineSample[], queries: string[], ours: Summary): BaselineFigures {
  const all = summarize(samples.map((s) => s.ms));
  return {
    all,
    perQuery: queries.map((query) => {
      const mine = samples.filter((s) => s.query === query);
      return { query, summary: summarize(mine.map((s) => s.ms)), matches: mine.find((s) => s.text === query)?.matches ?? null };
    }),
    ratio: { p50: all.p50 / ours.p50, p95: all.p95 / ours.p95 },
  };
}

export function printBaseline(baseline: BaselineFigures, search: SearchFigures, adapter: string, docs: number): void {
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(0)}×` : '–');
  log();
  log(`  Baseline: PouchDB (${adapter}, ${docs} docs), allDocs({include_docs: true}) + JS filter, same folding, same keys:`);
  log(
    table(
      ['Query', 'n', 'Baseline p50', 'Baseline p95', 'Ours p50', 'Ours p95', 'Ratio p50', 'Ratio p95', 'Matches'],
      [
        ...baseline.perQuery.map((b, i) => {
          const ours = search.perQuery[i]!.dom;
          return [
            `"${b.query}"`,
            b.summary.n,
            ms(b.summary.p50),
            ms(b.summary.p95),
            ms(ours.p50),
            ms(ours.p95),
            ratio(b.summary.p50, ours.p50),
            ratio(b.summary.p95, ours.p95),
            b.matches ?? '',
          ];
        }),
        [
          'all',
          baseline.all.n,
          ms(baseline.all.p50),
          ms(baseline.all.p95),
          ms(search.all.p50),
          ms(search.all.p95),
          ratio(baseline.all.p50, search.all.p50),
          ratio(baseline.all.p95, search.all.p95),
          '',
        ],
      ],
    ),
  );
  log('  (ours: input → DOM of the real screen; baseline: the search call alone, no sorting or rendering. Each baseline');
  log('   search reads every document, so its cost hardly depends on the keys typed: the full query of each is timed, then');
  log('   earlier keystrokes, while the run\'s time budget lasts; n = 0: not reached. Matches = households found.)');
}
