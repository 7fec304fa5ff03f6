/**
 * A fake camera for Chromium: a Y4M video of a plaque's QR code, for
 * `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`.
 * Written directly (no ffmpeg or ImageMagick): the `YUV4MPEG2` header line,
 * then each frame as `FRAME\n` + the Y plane (one byte a pixel, black modules
 * on white) + the U and V planes at quarter size, all 128 (no colour).
 */
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';
import { PLAQUE_QR_OPTIONS } from '../../src/shared/plaque-code';

export interface Y4mOptions {
  width?: number;
  height?: number;
  frames?: number;
  /** Pixels per QR module; by default the code with its quiet zone takes about 60% of the shorter side, as when aimed at the scan square. */
  moduleSize?: number;
}

/** The blank border the QR standard asks for, in modules on each side. */
export const QUIET_ZONE = 4;
/** Video-range luma: what a camera sends for black and white. */
const BLACK = 16;
const WHITE = 235;
const NO_COLOUR = 128;
const DEFAULT_FILL = 0.6;

export function y4mHeader(width: number, height: number): string {
  return `YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`;
}

/** The Y plane of one frame: the QR code for `text`, centred on white. */
export function plaqueLuma(text: string, width: number, height: number, moduleSize?: number): Uint8Array {
  const modules = QRCode.create(text, PLAQUE_QR_OPTIONS).modules;
  const span = modules.size + 2 * QUIET_ZONE;
  const size = moduleSize ?? Math.max(1, Math.floor((Math.min(width, height) * DEFAULT_FILL) / span));
  if (!Number.isInteger(size) || size < 1 || span * size > Math.min(width, height)) {
    throw new RangeError(`A ${modules.size}-module QR code at ${size} px a module does not fit in ${width}×${height}`);
  }
  const luma = new Uint8Array(width * height).fill(WHITE);
  const left = Math.floor((width - modules.size * size) / 2);
  const top = Math.floor((height - modules.size * size) / 2);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < size; y++) {
        const start = (top + row * size + y) * width + left + col * size;
        luma.fill(BLACK, start, start + size);
      }
    }
  }
  return luma;
}

/** The whole Y4M file: the same still picture in every frame. */
export function plaqueY4m(text: string, { width = 640, height = 480, frames = 10, moduleSize }: Y4mOptions = {}): Buffer {
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError('4:2:0 video needs an even width and height');
  const luma = plaqueLuma(text, width, height, moduleSize);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, NO_COLOUR);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([Buffer.from(y4mHeader(width, height)), ...Array.from({ length: frames }, () => frame)]);
}

export async function writePlaqueY4m(path: string, text: string, options: Y4mOptions = {}): Promise<void> {
  await writeFile(path, plaqueY4m(text, options));
}
