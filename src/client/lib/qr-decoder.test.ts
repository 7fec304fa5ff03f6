/**
 * The choice of QR reader and the enlargement rule. The decoding itself needs
 * WebAssembly and a canvas: it is exercised in Chromium by tests/e2e/scan.spec.ts
 * (a fake camera, offline) and measured by tests/bench/decode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const prepareZXingModule = vi.fn<(options: unknown) => Promise<unknown>>();
vi.mock('zxing-wasm/reader', () => ({ prepareZXingModule, readBarcodes: vi.fn() }));

type Global = { BarcodeDetector?: unknown };

async function freshModule() {
  vi.resetModules();
  return import('./qr-decoder');
}

beforeEach(() => {
  prepareZXingModule.mockReset();
  delete (globalThis as Global).BarcodeDetector;
});

afterEach(() => {
  delete (globalThis as Global).BarcodeDetector;
});

describe('scalesFor', () => {
  it('reads a camera square as it is, then enlarged 2×', async () => {
    const { scalesFor } = await freshModule();
    expect(scalesFor(288, 288)).toEqual([1, 2]);
    expect(scalesFor(640, 480)).toEqual([1, 2]);
  });

  it('enlarges a big photo less, and a 12 MP photo not at all', async () => {
    const { scalesFor } = await freshModule();
    expect(scalesFor(1600, 1200)).toEqual([1, 2600 / 1600]);
    expect(scalesFor(3000, 2250)).toEqual([1]);
    expect(scalesFor(0, 0)).toEqual([1, 2]);
  });
});

describe('installQrDetector', () => {
  it('installs the ZXing-C++ reader where the browser has none, loading the .wasm from our own assets', async () => {
    prepareZXingModule.mockResolvedValue({});
    const { installQrDetector, ZXingQrDetector } = await freshModule();
    await expect(installQrDetector()).resolves.toBe('zxing-cpp');
    expect((globalThis as Global).BarcodeDetector).toBe(ZXingQrDetector);
    const { overrides } = prepareZXingModule.mock.calls[0]![0] as {
      overrides: { locateFile(file: string, prefix: string): string };
    };
    expect(overrides.locateFile('zxing_reader.wasm', 'https://cdn.example/')).toMatch(/zxing_reader.*\.wasm$/);
    expect(overrides.locateFile('zxing_reader.wasm', 'https://cdn.example/')).not.toContain('cdn.example');
    expect(overrides.locateFile('other.js', 'https://x/')).toBe('https://x/other.js');
  });

  it("keeps the browser's own QR detector", async () => {
    const builtIn = { getSupportedFormats: () => Promise.resolve(['qr_code', 'ean_13']) };
    (globalThis as Global).BarcodeDetector = builtIn;
    const { installQrDetector } = await freshModule();
    await expect(installQrDetector()).resolves.toBe('built-in');
    expect((globalThis as Global).BarcodeDetector).toBe(builtIn);
    expect(prepareZXingModule).not.toHaveBeenCalled();
  });

  it('replaces a built-in detector that reads no QR codes', async () => {
    prepareZXingModule.mockResolvedValue({});
    (globalThis as Global).BarcodeDetector = { getSupportedFormats: () => Promise.resolve([]) };
    const { installQrDetector, ZXingQrDetector } = await freshModule();
    await expect(installQrDetector()).resolves.toBe('zxing-cpp');
    expect((globalThis as Global).BarcodeDetector).toBe(ZXingQrDetector);
  });

  it('installs nothing when the .wasm cannot be loaded, and tries again next time', async () => {
    prepareZXingModule.mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValueOnce({});
    const { installQrDetector } = await freshModule();
    await expect(installQrDetector()).resolves.toBe('none');
    expect('BarcodeDetector' in globalThis).toBe(false);
    await expect(installQrDetector()).resolves.toBe('zxing-cpp');
    expect(prepareZXingModule).toHaveBeenCalledTimes(2);
  });
});

describe('ZXingQrDetector', () => {
  it('reads QR codes only', async () => {
    const { ZXingQrDetector } = await freshModule();
    await expect(ZXingQrDetector.getSupportedFormats()).resolves.toEqual(['qr_code']);
    expect(() => new ZXingQrDetector({ formats: ['ean_13'] })).toThrow(/qr_code/);
    expect(() => new ZXingQrDetector({ formats: ['qr_code'] })).not.toThrow();
  });
});
