/**
 * A QR BarcodeDetector made of ZXing-C++ compiled to WebAssembly (zxing-wasm),
 * for browsers that have no built-in one (iPhones, desktops, Android phones
 * without Google Play services). html5-qrcode reads with `window.BarcodeDetector`
 * when there is one and falls back to its bundled ZXing-js otherwise; ZXing-js
 * read 25–30% of the moderately degraded plaque pictures of tests/bench/decode
 * (turned up to 30°, slightly blurred, noisy, dim, 3–4 px a module — an
 * ordinary phone picture of a plaque across a doorway). This reads them
 * through the same html5-qrcode path, ZXing-js staying the fallback.
 *
 * Each picture is read as it is, then, when that finds nothing, enlarged 2×:
 * ZXing-C++ samples one pixel per module, and on small blurred modules the
 * smoothly enlarged picture puts that pixel nearer the module's middle (in
 * the bench: 35% → 97% of the moderate set; 3× gained a point for twice the time).
 *
 * The .wasm is one of our own assets (precached by the service worker), never
 * fetched from a CDN: scanning works offline.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import zxingReaderWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  // Plaques are printed dark on light; the inverted pass would double the time of a frame with no code.
  tryInvert: false,
  // Rotation matters to 1D barcodes only; a QR code is found at any angle.
  tryRotate: false,
  maxNumberOfSymbols: 1,
};

/** Enlarge by 2×, but never beyond this many pixels on the long side (a 12 MP photo is read as it is). */
const MAX_ENLARGED_SIDE = 2600;
const ENLARGEMENT = 2;

/** What html5-qrcode reads of a detection (the BarcodeDetector API's DetectedBarcode). */
export interface DetectedQrCode {
  rawValue: string;
  format: 'qr_code';
  boundingBox: DOMRectReadOnly;
  cornerPoints: { x: number; y: number }[];
}

let moduleReady: Promise<unknown> | undefined;

/** Starts fetching and compiling the WebAssembly (once); a failed load is tried again on the next call. */
export function loadZXing(): Promise<unknown> {
  moduleReady ??= prepareZXingModule({
    overrides: { locateFile: (file: string, prefix: string) => (file.endsWith('.wasm') ? zxingReaderWasmUrl : prefix + file) },
    fireImmediately: true,
  }).catch((error: unknown) => {
    moduleReady = undefined;
    throw error;
  });
  return moduleReady;
}

type Source = HTMLCanvasElement | OffscreenCanvas | HTMLImageElement | HTMLVideoElement | ImageBitmap | ImageData;

function sizeOf(source: Source): { width: number; height: number } {
  if (source instanceof HTMLVideoElement) return { width: source.videoWidth, height: source.videoHeight };
  if (source instanceof HTMLImageElement) return { width: source.naturalWidth, height: source.naturalHeight };
  return { width: source.width, height: source.height };
}

/** A part of a picture, in its own pixels. */
interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

let scratch: HTMLCanvasElement | undefined;

/**
 * One canvas for every frame (ten a second while the camera runs), not a new
 * one each time: less garbage on a cheap phone. Only used synchronously
 * (draw, then read the pixels), so overlapping reads cannot share it badly.
 */
function scratchCanvas(): HTMLCanvasElement {
  scratch ??= document.createElement('canvas');
  return scratch;
}

function pixelsOf(source: Source, region: Region, scale: number): ImageData | undefined {
  if (region.width < 1 || region.height < 1) return undefined;
  if (source instanceof ImageData && scale === 1 && region.width === source.width && region.height === source.height) {
    return source;
  }
  let drawable: CanvasImageSource;
  if (source instanceof ImageData) {
    const plain = document.createElement('canvas');
    plain.width = source.width;
    plain.height = source.height;
    plain.getContext('2d')!.putImageData(source, 0, 0);
    drawable = plain;
  } else {
    drawable = source;
  }
  const canvas = scratchCanvas();
  canvas.width = Math.round(region.width * scale);
  canvas.height = Math.round(region.height * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(drawable, region.x, region.y, region.width, region.height, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** The scales to try for a picture this size: as it is, then enlarged when that stays reasonable. */
export function scalesFor(width: number, height: number): number[] {
  const enlargement = Math.min(ENLARGEMENT, MAX_ENLARGED_SIDE / Math.max(width, height, 1));
  return enlargement >= 1.25 ? [1, enlargement] : [1];
}

async function readAt(source: Source, region: Region, scale: number): Promise<DetectedQrCode | undefined> {
  const pixels = pixelsOf(source, region, scale);
  if (!pixels) return undefined;
  const results = await readBarcodes(pixels, READER_OPTIONS);
  const found = results.find((result) => result.isValid && result.text !== '');
  if (!found) return undefined;
  const { topLeft, topRight, bottomRight, bottomLeft } = found.position;
  const corners = [topLeft, topRight, bottomRight, bottomLeft].map(({ x, y }) => ({ x: x / scale, y: y / scale }));
  const xs = corners.map((corner) => corner.x);
  const ys = corners.map((corner) => corner.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return {
    rawValue: found.text,
    format: 'qr_code',
    boundingBox: new DOMRectReadOnly(left, top, Math.max(...xs) - left, Math.max(...ys) - top),
    cornerPoints: corners,
  };
}

/**
 * html5-qrcode hands the detector its scan square redrawn at its on-screen
 * size in CSS pixels: on a 360 px wide phone that throws away most of a
 * 1280×720 camera's pixels, and with them the small plaques. While the camera
 * scans, the detector reads the same square from the video itself instead.
 */
interface CameraSquare {
  /** html5-qrcode's frame canvas: only what is asked of it is read from the video. */
  canvas: HTMLCanvasElement;
  video: HTMLVideoElement;
  /** The square's side as a fraction of the video's shorter side, centred (html5-qrcode's qrbox). */
  fraction: number;
}

let cameraSquare: CameraSquare | undefined;

/** Reads html5-qrcode's camera frames from `video` at the camera's resolution until the returned function is called. */
export function readCameraAtFullResolution(square: CameraSquare): () => void {
  cameraSquare = square;
  return () => {
    if (cameraSquare === square) cameraSquare = undefined;
  };
}

/** What to read of `source`: the camera square in video pixels for html5-qrcode's frame canvas, else all of it. */
function pictureOf(source: Source): { picture: Source; region: Region } {
  const square = cameraSquare;
  if (square && source === square.canvas && square.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
    const { videoWidth, videoHeight } = square.video;
    const side = Math.floor(Math.min(videoWidth, videoHeight) * square.fraction);
    if (side > source.width) {
      return {
        picture: square.video,
        region: { x: Math.floor((videoWidth - side) / 2), y: Math.floor((videoHeight - side) / 2), width: side, height: side },
      };
    }
  }
  const { width, height } = sizeOf(source);
  return { picture: source, region: { x: 0, y: 0, width, height } };
}

/** The BarcodeDetector API, QR codes only, as html5-qrcode uses it. */
export class ZXingQrDetector {
  static getSupportedFormats(): Promise<string[]> {
    return Promise.resolve(['qr_code']);
  }

  constructor(options?: { formats?: string[] }) {
    if (options?.formats && !options.formats.includes('qr_code')) {
      throw new TypeError(`only qr_code is supported, not ${options.formats.join(', ')}`);
    }
  }

  async detect(source: Source): Promise<DetectedQrCode[]> {
    await loadZXing();
    const { picture, region } = pictureOf(source);
    for (const scale of scalesFor(region.width, region.height)) {
      const found = await readAt(picture, region, scale);
      if (found) return [found];
    }
    return [];
  }
}

interface BarcodeDetectorGlobal {
  BarcodeDetector?: { getSupportedFormats(): Promise<readonly string[]> };
}

async function hasBuiltInQrDetector(): Promise<boolean> {
  const builtIn = (globalThis as BarcodeDetectorGlobal).BarcodeDetector;
  if (!builtIn || builtIn === (ZXingQrDetector as unknown)) return false;
  try {
    // Android Chrome without Google Play services has the class but reads nothing.
    return (await builtIn.getSupportedFormats()).includes('qr_code');
  } catch {
    return false;
  }
}

/** Which QR reader html5-qrcode will find: the browser's, ours, or none (it then reads with ZXing-js). */
export type QrDetectorKind = 'built-in' | 'zxing-cpp' | 'none';

let installed: Promise<QrDetectorKind> | undefined;

/**
 * Puts ZXingQrDetector in `window.BarcodeDetector` unless the browser has a QR
 * detector of its own. Call before creating an Html5Qrcode: it chooses its
 * decoder when constructed. When the .wasm cannot be loaded (not cached yet
 * and offline) nothing is installed, html5-qrcode reads with ZXing-js, and the
 * next call tries again.
 */
export function installQrDetector(): Promise<QrDetectorKind> {
  installed ??= (async (): Promise<QrDetectorKind> => {
    if (await hasBuiltInQrDetector()) return 'built-in';
    try {
      await loadZXing();
    } catch {
      installed = undefined;
      return 'none';
    }
    (globalThis as BarcodeDetectorGlobal).BarcodeDetector = ZXingQrDetector;
    return 'zxing-cpp';
  })();
  return installed;
}
