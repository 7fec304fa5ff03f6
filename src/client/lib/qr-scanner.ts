/**
 * The QR scanner: the app's only wrapper of html5-qrcode (ZXing, or the
 * browser's BarcodeDetector where there is one). It is heavy, so it stays out
 * of the start-up bundle: only the scan feature imports this file, and that
 * feature is a lazy route chunk (precached like every chunk, so scanning works
 * offline).
 *
 * Camera: the rear camera by default ({facingMode: 'environment'}, not
 * `exact`: devices without a facing mode would refuse it), or the camera the
 * member chose last time, remembered on this phone. Scans QR only, in a
 * square in the middle of the picture, a few times a second: enough for a
 * plaque held still, and light on a cheap phone. A start failure says why, so
 * the screen can explain it and offer the photo fallback (`decodeImageFile`).
 *
 * Lifecycle is the caller's: `handle.stop()` when leaving the screen or when
 * the page is hidden (it may be called more than once), start again on return.
 *
 * The decoder: html5-qrcode reads with the browser's BarcodeDetector when
 * there is one (Android Chrome), else with its bundled ZXing-js; where the
 * browser has none, qr-decoder.ts installs one made of ZXing-C++ (WebAssembly),
 * which reads far more of what a phone really sees.
 */
import {
  Html5Qrcode,
  Html5QrcodeScannerState,
  Html5QrcodeSupportedFormats,
  type Html5QrcodeCameraScanConfig,
  type Html5QrcodeFullConfig,
} from 'html5-qrcode';
import { installQrDetector, readCameraAtFullResolution } from './qr-decoder';

/** Why the camera cannot be used; each has its own advice on screen. */
export type CameraProblem = 'denied' | 'no_camera' | 'in_use' | 'insecure' | 'unknown';

export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(
    /** 'ended': the camera stopped while scanning (unplugged, taken by another app). */
    readonly reason: CameraProblem | 'ended',
    readonly detail: string,
  ) {
    super(`camera ${reason}: ${detail}`);
  }
}

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  constructor(
    /** 'no_code': no QR found in the picture; 'unreadable': not an image the browser can open. */
    readonly reason: 'no_code' | 'unreadable',
    readonly detail: string,
  ) {
    super(`photo ${reason}: ${detail}`);
  }
}

export interface CameraChoice {
  id: string;
  label: string;
}

export interface ScannerOptions {
  /** A camera from `listCameras()`; without it, the remembered camera or else the rear one. */
  cameraId?: string;
  /** Called for every frame that holds a QR code, the same text again while it stays in view. */
  onDecoded(text: string): void;
  /** The camera stopped on its own after starting. */
  onError?(error: CameraError): void;
  /** Aborting while the camera starts stops it and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface ScannerHandle {
  /** The camera in use, when the browser tells. */
  cameraId: string | undefined;
  torch: { available: boolean; set(on: boolean): Promise<void> };
  /** Turns the camera off (its light goes out); safe to call again. */
  stop(): Promise<void>;
}

const CAMERA_KEY = 'go-cua.camera';
const REAR_CAMERA: MediaTrackConstraints = { facingMode: 'environment' };

const DECODER_CONFIG: Html5QrcodeFullConfig = {
  verbose: false,
  formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE],
  useBarCodeDetectorIfSupported: true,
};

/** The scan square's side, as a fraction of the picture's shorter side. */
const SCAN_SQUARE_FRACTION = 0.8;

const CAMERA_SCAN_CONFIG: Html5QrcodeCameraScanConfig = {
  // Each frame is decoded on the main thread; 10 a second is what a cheap phone keeps up with.
  fps: 10,
  // The square the member aims at, and the only part ZXing reads (fewer pixels, faster). 80% of the shorter
  // side: a code that fills a 70% square lost its quiet zone to the crop and was not read (fake-camera check).
  qrbox: (width, height) => {
    const side = Math.max(50, Math.floor(Math.min(width, height) * SCAN_SQUARE_FRACTION));
    return { width: side, height: side };
  },
  // Plaques are never mirrored; the flipped second attempt would halve the frame rate for nothing.
  disableFlip: true,
};

// ─── The remembered camera ───

export function rememberedCameraId(): string | undefined {
  try {
    return localStorage.getItem(CAMERA_KEY) ?? undefined;
  } catch {
    return undefined; // storage blocked (private mode): the rear camera it is
  }
}

export function rememberCamera(cameraId: string | undefined): void {
  try {
    if (cameraId === undefined) localStorage.removeItem(CAMERA_KEY);
    else localStorage.setItem(CAMERA_KEY, cameraId);
  } catch {
    // Storage blocked: the choice lasts until the screen closes, which is all we can do.
  }
}

// ─── Errors ───

function describe(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error || error instanceof DOMException) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * html5-qrcode rejects with strings that wrap the browser's error
 * ("Error getting userMedia, error = NotAllowedError: …"), so this reads names
 * from the text as well as from DOMExceptions.
 */
export function classifyCameraError(error: unknown): CameraProblem {
  if (typeof window !== 'undefined' && window.isSecureContext === false) return 'insecure';
  const text = describe(error);
  if (/NotAllowedError|PermissionDenied|SecurityError|Permission denied|permission/i.test(text)) return 'denied';
  if (/secure context|https or localhost/i.test(text)) return 'insecure';
  if (/NotReadableError|TrackStartError|AbortError|Could not start video source|in use/i.test(text)) return 'in_use';
  if (/NotFoundError|DevicesNotFound|OverconstrainedError|ConstraintNotSatisfied|not found|not supported/i.test(text)) {
    return 'no_camera';
  }
  return 'unknown';
}

function cameraError(error: unknown): CameraError {
  return error instanceof CameraError ? error : new CameraError(classifyCameraError(error), describe(error));
}

// ─── Camera ───

/** The cameras, with labels (this asks for camera permission if not granted yet). */
export async function listCameras(): Promise<CameraChoice[]> {
  try {
    const cameras = await Html5Qrcode.getCameras();
    return cameras.map(({ id, label }) => ({ id, label }));
  } catch (error) {
    throw cameraError(error);
  }
}

let nextElementId = 1;

function elementIdOf(target: HTMLElement | string): string {
  if (typeof target === 'string') return target;
  if (!target.id) target.id = `go-cua-scanner-${nextElementId++}`;
  return target.id;
}

function torchOf(scanner: Html5Qrcode): ScannerHandle['torch'] {
  try {
    const torch = scanner.getRunningTrackCameraCapabilities().torchFeature();
    if (torch.isSupported()) return { available: true, set: (on) => torch.apply(on) };
  } catch {
    // A browser without track capabilities: no torch button.
  }
  return { available: false, set: () => Promise.reject(new CameraError('unknown', 'this camera has no torch')) };
}

function watchTrackEnd(elementId: string, onEnded: () => void): () => void {
  const video = document.getElementById(elementId)?.querySelector('video');
  const track = video?.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
  track?.addEventListener('ended', onEnded);
  return () => track?.removeEventListener('ended', onEnded);
}

/**
 * html5-qrcode alternates camera frames between the BarcodeDetector and ZXing-js
 * (Html5QrcodeShim.getDecoder); ZXing-js reads less and holds the page longer,
 * so with a QR detector every frame goes to it. This reaches into the private
 * shim of html5-qrcode 2.3.8 (pinned; the project is unmaintained): if a
 * future version has no such field, nothing changes.
 */
function readEveryFrameWithDetector(scanner: Html5Qrcode): void {
  const shim = (scanner as unknown as { qrcode?: { secondaryDecoder?: unknown } }).qrcode;
  if (shim && 'secondaryDecoder' in shim) shim.secondaryDecoder = undefined;
}

/** How long the picture may take to appear once the camera is open. */
const PICTURE_TIMEOUT_MS = 10_000;

async function openCamera(scanner: Html5Qrcode, camera: string | MediaTrackConstraints, options: ScannerOptions) {
  await scanner.start(camera, CAMERA_SCAN_CONFIG, (text) => options.onDecoded(text), undefined);
  // start() resolves before the video plays, and html5-qrcode sets up its canvas only once it plays: a stop() in
  // between throws (removeChild(null)) and leaves its play() rejected unhandled. So the camera is handed over playing.
  for (const since = Date.now(); !scanner.isScanning; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() - since > PICTURE_TIMEOUT_MS) {
      await scanner.stop().catch(() => undefined); // closes the stream first, then trips over the missing canvas
      throw new CameraError('unknown', 'the camera picture did not start');
    }
  }
}

/** Starts the camera in `target` and calls `onDecoded` for each QR code seen. */
export async function startScanner(target: HTMLElement | string, options: ScannerOptions): Promise<ScannerHandle> {
  const elementId = elementIdOf(target);
  const chosen = options.cameraId ?? rememberedCameraId();
  let scanner: Html5Qrcode;
  const detector = await installQrDetector();
  try {
    scanner = new Html5Qrcode(elementId, DECODER_CONFIG);
    if (detector !== 'none') readEveryFrameWithDetector(scanner);
    try {
      await openCamera(scanner, chosen ?? REAR_CAMERA, options);
    } catch (error) {
      // The remembered camera is gone (another phone, an unplugged webcam): forget it, use the rear one.
      if (chosen === undefined || classifyCameraError(error) !== 'no_camera') throw error;
      rememberCamera(undefined);
      await openCamera(scanner, REAR_CAMERA, options);
    }
  } catch (error) {
    throw cameraError(error);
  }
  if (options.cameraId !== undefined) rememberCamera(options.cameraId);
  const host = document.getElementById(elementId);
  const video = host?.querySelector('video');
  const canvas = host?.querySelector('canvas');
  const stopFullResolution =
    detector === 'zxing-cpp' && video && canvas
      ? readCameraAtFullResolution({ canvas, video, fraction: SCAN_SQUARE_FRACTION })
      : () => undefined;

  let stopped = false;
  const unwatch = watchTrackEnd(elementId, () => {
    if (stopped) return;
    stop()
      .catch(() => undefined)
      .then(() => options.onError?.(new CameraError('ended', 'the camera stopped')));
  });
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    unwatch();
    stopFullResolution();
    // Not `isScanning`: that turns true only once the video plays, and a stop before then must still free the camera.
    const state = scanner.getState();
    if (state === Html5QrcodeScannerState.SCANNING || state === Html5QrcodeScannerState.PAUSED) await scanner.stop();
  }

  if (options.signal?.aborted) {
    await stop();
    throw options.signal.reason;
  }
  options.signal?.addEventListener('abort', () => void stop().catch(() => undefined), { once: true });

  let cameraId: string | undefined;
  try {
    cameraId = scanner.getRunningTrackSettings().deviceId;
  } catch {
    cameraId = undefined;
  }
  return { cameraId, torch: torchOf(scanner), stop };
}

// ─── Photos ───

/**
 * Phone photos are 12 MP and more; ZXing on all of that takes seconds and a lot
 * of memory on a cheap phone. At this size a plaque a tenth of the photo's
 * width still has several pixels a module.
 */
const MAX_PHOTO_SIDE = 3000;
/** Up to this size (1920×1080 and smaller) a redrawn photo is handed on as PNG. */
const LOSSLESS_PIXELS = 2_100_000;

/**
 * What to try, in order, until the code is read; later tries cost time only
 * when the earlier ones failed (measured in tests/bench/decode/).
 *   1. The photo as it is (made smaller if it is huge).
 *   2. Smoothed by 1 px: ZXing's binariser turns sensor noise on plain areas
 *      into black-and-white speckle that hides the finder patterns.
 *   3. Turned a quarter: ZXing-js misses the finder patterns of some perfectly
 *      printed codes in one orientation (zxing-js/library#653); turned, it
 *      finds them. Only when ZXing-js is the only reader: a QR detector finds
 *      codes at any angle, and the extra try made an unreadable photo take a
 *      third longer to give up on.
 */
const PHOTO_ATTEMPTS = [
  { blurPx: 0, quarterTurn: false },
  { blurPx: 1, quarterTurn: false },
  { blurPx: 0, quarterTurn: true, onlyWithoutDetector: true },
] as const;

type PhotoAttempt = (typeof PHOTO_ATTEMPTS)[number];

let photoScanner: Html5Qrcode | undefined;
let photoQueue: Promise<unknown> = Promise.resolve();

function hiddenScanner(): Html5Qrcode {
  if (photoScanner) return photoScanner;
  const host = document.createElement('div');
  host.id = 'go-cua-photo-scanner';
  host.hidden = true;
  document.body.append(host);
  photoScanner = new Html5Qrcode(host.id, DECODER_CONFIG);
  return photoScanner;
}

/** The photo redrawn for one attempt, as a file html5-qrcode can read; the original when nothing changes. */
async function redrawn(file: File, bitmap: ImageBitmap, attempt: PhotoAttempt): Promise<File> {
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  if (scale === 1 && attempt.blurPx === 0 && !attempt.quarterTurn) return file;
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = attempt.quarterTurn ? height : width;
  canvas.height = attempt.quarterTurn ? width : height;
  const context = canvas.getContext('2d')!;
  if (attempt.quarterTurn) {
    context.translate(canvas.width, 0);
    context.rotate(Math.PI / 2);
  }
  if (attempt.blurPx > 0) context.filter = `blur(${attempt.blurPx}px)`;
  context.drawImage(bitmap, 0, 0, width, height);
  // PNG keeps every pixel (JPEG's own artefacts cost reads on noisy pictures in the bench), but encoding a
  // large photo as PNG takes longer than decoding it: JPEG above camera-frame sizes.
  const type = width * height <= LOSSLESS_PIXELS ? 'image/png' : 'image/jpeg';
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.95));
  if (!blob) throw new ImageDecodeError('unreadable', 'the photo could not be redrawn');
  return new File([blob], type === 'image/png' ? 'photo.png' : 'photo.jpg', { type });
}

async function scanOnce(image: File): Promise<string> {
  await installQrDetector();
  const scanner = hiddenScanner();
  try {
    return await scanner.scanFile(image, false);
  } catch (error) {
    // html5-qrcode rejects with ZXing's text when there is no code, and with the image's error event when it cannot load it.
    throw new ImageDecodeError(error instanceof Event ? 'unreadable' : 'no_code', describe(error));
  } finally {
    scanner.clear();
  }
}

async function decodeNow(file: File): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (error) {
    throw new ImageDecodeError('unreadable', describe(error));
  }
  try {
    const detector = await installQrDetector();
    let lastError: unknown;
    for (const attempt of PHOTO_ATTEMPTS) {
      if ('onlyWithoutDetector' in attempt && detector !== 'none') continue;
      try {
        return await scanOnce(await redrawn(file, bitmap, attempt));
      } catch (error) {
        if (error instanceof ImageDecodeError && error.reason === 'unreadable') throw error;
        lastError = error;
      }
    }
    throw lastError;
  } finally {
    bitmap.close();
  }
}

/** Reads the QR code in a photo (the fallback when the camera cannot be used); one photo at a time. */
export function decodeImageFile(file: File): Promise<string> {
  const result = photoQueue.then(() => decodeNow(file));
  photoQueue = result.catch(() => undefined);
  return result;
}
