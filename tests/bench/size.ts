/**
 * Size bench over the real production build (dist/): the initial JavaScript
 * (entry script + every modulepreload of index.html) gzipped at level 9, and
 * everything the service worker precaches (the manifest injected into sw.js).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET = 160 * 1024;

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface SizeReport {
  initialJs: {
    files: FileSize[];
    raw: number;
    gzip: number;
    budget: number;
    met: boolean;
    /** Raw bytes of the initial JS by origin (npm package or app folder), from the build's source maps. */
    composition: Array<{ origin: string; raw: number }>;
  };
  initialCss: { files: FileSize[]; raw: number; gzip: number };
  /** entries: manifest entries; files: distinct files (an entry may repeat, e.g. the web manifest). */
  precache: { entries: number; files: number; raw: number; gzip: number; byType: Record<string, { count: number; raw: number; gzip: number }> };
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
}

/** Entry script and modulepreload hrefs, in document order. */
export function initialScripts(html: string): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const match of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const tag = match[0];
    if (match[1]!.toLowerCase() === 'script') {
      const src = attribute(tag, 'src');
      if (src && attribute(tag, 'type') === 'module') js.push(src);
    } else {
      const rel = attribute(tag, 'rel')?.toLowerCase();
      const href = attribute(tag, 'href');
      if (href && rel === 'modulepreload') js.push(href);
      if (href && rel === 'stylesheet') css.push(href);
    }
  }
  return { js, css };
}

/** The precache manifest workbox-build injected into sw.js: [{url, revision}, …]. */
export function precacheManifest(sw: string): Array<{ url: string; revision: string | null }> {
  for (const match of sw.matchAll(/\[\s*\{\s*"?(?:revision|url)"?\s*:[\s\S]*?\}\s*\]/g)) {
    try {
      const parsed = JSON.parse(match[0]) as unknown;
      if (
        Array.isArray(parsed) &&
        parsed.length > 0 &&
        parsed.every((entry) => typeof entry === 'object' && entry !== null && 'url' in entry && 'revision' in entry)
      ) {
        return parsed as Array<{ url: string; revision: string | null }>;
      }
    } catch {
      // Not the manifest (or not JSON); keep looking.
    }
  }
  throw new Error('no precache manifest found in sw.js');
}

async function sizeOf(distDir: string, url: string): Promise<FileSize> {
  const file = url.replace(/^\//, '').split(/[?#]/)[0]!;
  const bytes = await readFile(join(distDir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one source-map segment (base64 VLQ) into its fields. */
function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/** Where a source file comes from: its npm package, or the app's folder. */
function originOf(source: string): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (npm) return npm[1]!;
  const app = /(src\/(?:client\/[^/]+|shared|[^/]+))\//.exec(source);
  return app ? app[1]! : source.replace(/^(\.\.\/)+/, '');
}

/** Attributes every generated character of a chunk to the source its mapping points at. */
async function composition(distDir: string, file: string, totals: Map<string, number>): Promise<void> {
  let map: { sources: string[]; mappings: string };
  try {
    map = JSON.parse(await readFile(join(distDir, file + '.map'), 'utf8')) as { sources: string[]; mappings: string };
  } catch {
    const bytes = (await readFile(join(distDir, file))).length;
    totals.set('(no source map)', (totals.get('(no source map)') ?? 0) + bytes);
    return;
  }
  const lines = (await readFile(join(distDir, file), 'utf8')).split('\n');
  const add = (origin: string, bytes: number) => totals.set(origin, (totals.get(origin) ?? 0) + bytes);
  let sourceIndex = 0;
  map.mappings.split(';').forEach((segments, lineIndex) => {
    const line = lines[lineIndex] ?? '';
    let column = 0;
    let previous: { column: number; origin: string } | undefined = { column: 0, origin: '(unmapped)' };
    for (const segment of segments.split(',')) {
      if (segment === '') continue;
      const fields = decodeSegment(segment);
      column += fields[0]!;
      if (previous) add(previous.origin, Buffer.byteLength(line.slice(previous.column, column)));
      if (fields.length >= 4) sourceIndex += fields[1]!;
      previous = { column, origin: fields.length >= 4 ? originOf(map.sources[sourceIndex] ?? '?') : '(unmapped)' };
    }
    if (previous) add(previous.origin, Buffer.byteLength(line.slice(previous.column)) + 1);
  });
}

const sum = (files: FileSize[], key: 'raw' | 'gzip') => files.reduce((total, f) => total + f[key], 0);

export async function measureSizes(distDir: string): Promise<SizeReport> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const { js, css } = initialScripts(html);
  if (js.length === 0) throw new Error('no entry script in dist/index.html');
  const jsFiles = await Promise.all([...new Set(js)].map((url) => sizeOf(distDir, url)));
  const cssFiles = await Promise.all([...new Set(css)].map((url) => sizeOf(distDir, url)));

  const manifest = precacheManifest(await readFile(join(distDir, 'sw.js'), 'utf8'));
  const urls = [...new Set(manifest.map((entry) => entry.url))];
  const precached = await Promise.all(urls.map((url) => sizeOf(distDir, url)));
  const byType: SizeReport['precache']['byType'] = {};
  for (const file of precached) {
    const type = /\.([a-z0-9]+)$/i.exec(file.file)?.[1] ?? 'other';
    const bucket = (byType[type] ??= { count: 0, raw: 0, gzip: 0 });
    bucket.count++;
    bucket.raw += file.raw;
    bucket.gzip += file.gzip;
  }
  const origins = new Map<string, number>();
  for (const file of jsFiles) await composition(distDir, file.file, origins);
  const gzip = sum(jsFiles, 'gzip');
  return {
    initialJs: {
      files: jsFiles,
      raw: sum(jsFiles, 'raw'),
      gzip,
      budget: INITIAL_JS_BUDGET,
      met: gzip <= INITIAL_JS_BUDGET,
      composition: [...origins].map(([origin, raw]) => ({ origin, raw })).sort((a, b) => b.raw - a.raw),
    },
    initialCss: { files: cssFiles, raw: sum(cssFiles, 'raw'), gzip: sum(cssFiles, 'gzip') },
    precache: { entries: manifest.length, files: precached.length, raw: sum(precached, 'raw'), gzip: sum(precached, 'gzip'), byType },
  };
}
