// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plaqueLuma, plaqueY4m, writePlaqueY4m } from './y4m';

const URL = 'https://gocua.example/p/DH-1234-4';

describe('plaque Y4M (fake camera video)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('writes the 4:2:0 header, then frames of Y + U + V planes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'y4m-'));
    const path = join(dir, 'plaque.y4m');
    await writePlaqueY4m(path, URL);
    const file = await readFile(path);
    const header = 'YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n';
    expect(file.subarray(0, header.length).toString('latin1')).toBe(header);
    const frameBytes = 'FRAME\n'.length + 640 * 480 + 2 * 320 * 240;
    expect(file.length).toBe(header.length + 10 * frameBytes);
    for (let frame = 0; frame < 10; frame++) {
      const start = header.length + frame * frameBytes;
      expect(file.subarray(start, start + 6).toString('latin1')).toBe('FRAME\n');
      expect(file[start + 6 + 640 * 480]).toBe(128);
      expect(file[start + frameBytes - 1]).toBe(128);
    }
  });

  it('honours the size, frame count and module size asked for', () => {
    const video = plaqueY4m(URL, { width: 320, height: 240, frames: 3, moduleSize: 4 });
    const header = 'YUV4MPEG2 W320 H240 F10:1 Ip A1:1 C420jpeg\n';
    expect(video.length).toBe(header.length + 3 * (6 + 320 * 240 + 2 * 160 * 120));
  });

  it('draws black modules on white with a white quiet zone', () => {
    const luma = plaqueLuma(URL, 640, 480, 8);
    // The URL needs a version-3 code (29 modules): 232 px, centred, so it starts at x = 204, y = 124.
    const at = (x: number, y: number) => luma[y * 640 + x];
    expect(at(0, 0)).toBe(235);
    expect(at(204 - 1, 124)).toBe(235);
    expect(at(204, 124)).toBe(16); // the top-left finder pattern's corner
    expect(at(204 + 8, 124 + 8)).toBe(235); // its white ring
    expect(at(204 + 24, 124 + 24)).toBe(16); // its black centre
  });

  it('refuses a module size that does not fit', () => {
    expect(() => plaqueY4m(URL, { moduleSize: 20 })).toThrow(RangeError);
    expect(() => plaqueY4m(URL, { width: 641 })).toThrow(RangeError);
  });
});
