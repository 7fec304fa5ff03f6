/**
 * The decode bench page: generated plaque pictures (images.ts) read through
 * the app's own scanner wrapper, src/client/lib/qr-scanner.ts — the photo
 * fallback (decodeImageFile) and the live camera (startScanner), the camera
 * being a canvas stream put behind getUserMedia so html5-qrcode runs its real
 * camera loop on the picture. A result counts only when the scanner read the
 * exact URL and interpretScan, as the scan screen will, takes it for a plaque.
 */
import { decodeImageFile, startScanner, type ScannerHandle } from '../../../src/client/lib/qr-scanner';
import { interpretScan } from '../../../src/shared/plaque-code';
import type { DecodeBenchApi, DecodeSample, DecodeSetName, RealCameraScan } from './api';
import { asJpegFile, BENCH_ORIGIN, FRAME, plaqueImage } from './images';

const viewfinder = document.getElementById('viewfinder')!;

function judged(index: number, expected: string, decoded: string | null, ms: number, error?: string): DecodeSample {
  const ok = decoded === expected && interpretScan(decoded, BENCH_ORIGIN).kind === 'plaque';
  return { index, expected, decoded, ok, ms, ...(error === undefined ? {} : { error }) };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function decodeFile(set: DecodeSetName, index: number, seed: number): Promise<DecodeSample> {
  const image = plaqueImage(set, index, seed);
  const file = await asJpegFile(image.canvas, `${set}-${index}.jpg`);
  const started = performance.now();
  try {
    const decoded = await decodeImageFile(file);
    return judged(index, image.text, decoded, performance.now() - started);
  } catch (error) {
    return judged(index, image.text, null, performance.now() - started, describe(error));
  }
}

/** Puts `frame` behind getUserMedia as a 10 fps camera until the returned function is called. */
function fakeCamera(frame: HTMLCanvasElement): () => void {
  const media = navigator.mediaDevices;
  const original = media.getUserMedia;
  const timers: number[] = [];
  media.getUserMedia = async () => {
    const live = document.createElement('canvas');
    live.width = FRAME.width;
    live.height = FRAME.height;
    const context = live.getContext('2d')!;
    const draw = () => context.drawImage(frame, 0, 0);
    draw();
    // A canvas stream sends a frame only after the canvas is drawn on.
    timers.push(window.setInterval(draw, 50));
    return live.captureStream(10);
  };
  return () => {
    media.getUserMedia = original;
    timers.forEach((timer) => window.clearInterval(timer));
  };
}

/** startScanner() on the current camera until something is read or `timeoutMs` (from the call) is up. */
async function scanCamera(timeoutMs: number): Promise<RealCameraScan> {
  const started = performance.now();
  let decodeMs: number | null = null;
  let read: (text: string) => void = () => undefined;
  const decoded = new Promise<string>((resolve) => (read = resolve));
  let handle: ScannerHandle;
  try {
    handle = await startScanner(viewfinder, {
      onDecoded: (text) => {
        decodeMs ??= performance.now() - started;
        read(text);
      },
    });
  } catch (error) {
    return { decoded: null, startMs: performance.now() - started, decodeMs: null, error: describe(error) };
  }
  const startMs = performance.now() - started;
  try {
    const timeLeft = Math.max(0, timeoutMs - startMs);
    const text = await Promise.race([decoded, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeLeft))]);
    return { decoded: text, startMs, decodeMs: text === null ? null : decodeMs };
  } finally {
    await handle.stop();
  }
}

async function decodeCamera(set: DecodeSetName, index: number, seed: number, timeoutMs: number): Promise<DecodeSample> {
  const image = plaqueImage(set, index, seed);
  const restore = fakeCamera(image.canvas);
  try {
    const scan = await scanCamera(timeoutMs);
    return judged(index, image.text, scan.decoded, scan.decodeMs ?? timeoutMs, scan.error);
  } finally {
    restore();
  }
}

const WARM_UP = -1;

const api: DecodeBenchApi = {
  async runFileSet(set, count, seed) {
    await decodeFile(set, WARM_UP, seed); // the first decode pays for compiling ZXing; not counted
    const samples: DecodeSample[] = [];
    for (let index = 0; index < count; index++) samples.push(await decodeFile(set, index, seed));
    return samples;
  },
  async runCameraSet(set, count, seed, timeoutMs) {
    await decodeCamera(set, WARM_UP, seed, timeoutMs);
    const samples: DecodeSample[] = [];
    for (let index = 0; index < count; index++) samples.push(await decodeCamera(set, index, seed, timeoutMs));
    return samples;
  },
  scanRealCamera: (timeoutMs) => scanCamera(timeoutMs),
  async preview(set, index, seed) {
    return plaqueImage(set, index, seed).canvas.toDataURL('image/png');
  },
};

window.decodeBench = api;
document.getElementById('status')!.textContent = 'ready';
