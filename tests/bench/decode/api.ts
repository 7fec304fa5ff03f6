/** What the decode bench page offers the runner (run-decode.ts), through `window.decodeBench`. */

export type DecodeSetName = 'clean' | 'moderate' | 'hard';

export interface DecodeSample {
  index: number;
  /** The plaque URL in the QR code. */
  expected: string;
  /** What the scanner read, or null when it read nothing in time. */
  decoded: string | null;
  /** Read the expected URL, and interpretScan took it for a plaque. */
  ok: boolean;
  /** File path: decodeImageFile() call → result. Camera path: startScanner() call → first onDecoded. */
  ms: number;
  error?: string;
}

export interface RealCameraScan {
  decoded: string | null;
  /** startScanner() call → camera running. */
  startMs: number;
  /** startScanner() call → first onDecoded. */
  decodeMs: number | null;
  error?: string;
}

export interface DecodeBenchApi {
  /** Each image as a JPEG file (as a phone's photo picker gives), through decodeImageFile. */
  runFileSet(set: DecodeSetName, count: number, seed: number): Promise<DecodeSample[]>;
  /** Each image as a camera (a canvas stream behind getUserMedia), through startScanner in a phone-width viewfinder. */
  runCameraSet(set: DecodeSetName, count: number, seed: number, timeoutMs: number): Promise<DecodeSample[]>;
  /** The browser's real (or fake-device) camera through startScanner, until a code or the timeout. */
  scanRealCamera(timeoutMs: number): Promise<RealCameraScan>;
  /** One generated image as a data URL, to look at. */
  preview(set: DecodeSetName, index: number, seed: number): Promise<string>;
}

declare global {
  interface Window {
    decodeBench?: DecodeBenchApi;
  }
}
