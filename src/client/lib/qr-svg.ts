/**
 * QR codes as inline SVG: the app's only wrapper of the `qrcode` package,
 * for printing plaques. The package is loaded on first use (a dynamic
 * import), so it is a chunk of its own, never part of the start-up bundle;
 * the service worker precaches it like every chunk, so printing works
 * offline. The SVG has a viewBox and no width or height: CSS sizes it, in
 * millimetres on the printed sheet.
 *
 * Drawn with PLAQUE_QR_OPTIONS (error correction M, a mask ZXing reads).
 */
import { PLAQUE_QR_OPTIONS } from '../../shared/plaque-code';

type QRCodeModule = typeof import('qrcode');

/**
 * `qrcode` is CommonJS: imported dynamically, its exports arrive as the
 * namespace's `default` (Vite and Node alike). Never rely on a named
 * `toString` of the namespace: every object has one (Object.prototype's).
 */
async function loadQRCode(): Promise<QRCodeModule> {
  const loaded = (await import('qrcode')) as QRCodeModule & { default?: QRCodeModule };
  return loaded.default ?? loaded;
}

/** The QR of `text` as an <svg> element's markup, with a quiet zone of 2 modules. */
export async function qrSvg(text: string): Promise<string> {
  const QRCode = await loadQRCode();
  return QRCode.toString(text, { type: 'svg', ...PLAQUE_QR_OPTIONS, margin: 2 });
}

/**
 * Many QR codes without freezing a cheap phone: each is a few milliseconds of
 * work on the main thread, so they are made in batches with a pause between.
 */
export async function qrSvgs(texts: readonly string[], batchSize = 40): Promise<string[]> {
  const svgs: string[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    if (start > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    svgs.push(...(await Promise.all(texts.slice(start, start + batchSize).map(qrSvg))));
  }
  return svgs;
}
