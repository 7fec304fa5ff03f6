/**
 * Plaque pictures for the decode bench, drawn on a canvas in the browser:
 * the QR code of a plaque URL (modules from the `qrcode` package, as the
 * plaque printer will use) on a white plaque, on an unevenly lit wall, then
 * turned, skewed, blurred, flattened and made noisy as a cheap phone camera
 * would. Deterministic: image i of a set is the same on every run.
 */
import QRCode from 'qrcode';
import { formatPlaqueCode, plaqueUrl, PLAQUE_ALPHABET, PLAQUE_QR_OPTIONS } from '../../../src/shared/plaque-code';
import type { DecodeSetName } from './api';
import { prng } from '../../support/prng';

export const BENCH_ORIGIN = 'https://gocua.example';
export const FRAME = { width: 640, height: 480 };

interface Range {
  min: number;
  max: number;
}

interface Degradation {
  /** Pixels per QR module in the 640×480 frame. */
  moduleSize: Range;
  /** Turn, either way, in degrees. */
  rotation: Range;
  /** Gaussian blur radius (CSS blur() standard deviation), px. */
  blur: Range;
  /** Uniform noise, ± this many grey levels. */
  noise: number;
  /** What is left of the contrast, 1 = untouched. */
  contrast: Range;
  /** Perspective-like narrowing of the far edge (0.2 = 20% narrower) and shear. */
  keystone: Range;
  shear: Range;
  /** How far from the middle of the frame the plaque may sit, as a fraction of the free space. */
  offCentre: number;
}

export const DEGRADATIONS: Record<DecodeSetName, Degradation> = {
  clean: {
    moduleSize: { min: 4, max: 6 },
    rotation: { min: 0, max: 0 },
    blur: { min: 0, max: 0 },
    noise: 0,
    contrast: { min: 1, max: 1 },
    keystone: { min: 0, max: 0 },
    shear: { min: 0, max: 0 },
    offCentre: 0.3,
  },
  moderate: {
    moduleSize: { min: 3, max: 4 },
    rotation: { min: 0, max: 30 },
    blur: { min: 0.8, max: 1.2 },
    noise: 20,
    contrast: { min: 0.45, max: 0.55 },
    keystone: { min: 0, max: 0 },
    shear: { min: 0, max: 0 },
    offCentre: 0.3,
  },
  hard: {
    moduleSize: { min: 2, max: 2.5 },
    rotation: { min: 0, max: 45 },
    blur: { min: 1.2, max: 1.6 },
    noise: 35,
    contrast: { min: 0.3, max: 0.4 },
    keystone: { min: 0.1, max: 0.25 },
    shear: { min: 0.05, max: 0.15 },
    offCentre: 0.3,
  },
};


const SET_SEEDS: Record<DecodeSetName, number> = { clean: 1, moderate: 2, hard: 3 };

function between(random: () => number, { min, max }: Range): number {
  return min + (max - min) * random();
}

/** A plaque URL as the printer will make it: a village prefix and a 4–6 digit number. */
function plaqueText(random: () => number): string {
  const letters = PLAQUE_ALPHABET.slice(10);
  const prefixLength = 1 + Math.floor(random() * 3);
  const prefix = Array.from({ length: prefixLength }, () => letters[Math.floor(random() * letters.length)]).join('');
  const number = Math.floor(random() * 10 ** (4 + Math.floor(random() * 3)));
  return plaqueUrl(BENCH_ORIGIN, formatPlaqueCode({ prefix, number }));
}

/** The printed plaque, crisp: dark modules on white with a 4-module quiet zone; `span` is its width in modules. */
function plaqueCanvas(text: string): { plaque: HTMLCanvasElement; span: number } {
  const modules = QRCode.create(text, PLAQUE_QR_OPTIONS).modules;
  const span = modules.size + 8;
  const canvas = document.createElement('canvas');
  // Drawn at 8 px a module and scaled down on the frame, so fractional module sizes blend as a lens would.
  const scale = 8;
  canvas.width = canvas.height = span * scale;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#111';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) context.fillRect((col + 4) * scale, (row + 4) * scale, scale, scale);
    }
  }
  return { plaque: canvas, span };
}

/** Draws the plaque narrowing towards its top edge (a plaque seen from below), row by row. */
function keystoned(plaque: HTMLCanvasElement, narrowing: number): HTMLCanvasElement {
  if (narrowing === 0) return plaque;
  const canvas = document.createElement('canvas');
  canvas.width = plaque.width;
  canvas.height = plaque.height;
  const context = canvas.getContext('2d')!;
  for (let y = 0; y < plaque.height; y++) {
    const width = plaque.width * (1 - narrowing * (1 - y / plaque.height));
    context.drawImage(plaque, 0, y, plaque.width, 1, (plaque.width - width) / 2, y, width, 1);
  }
  return canvas;
}

export interface PlaqueImage {
  text: string;
  canvas: HTMLCanvasElement;
}

/** Image `index` of a set: a 640×480 frame with one plaque on a wall. */
export function plaqueImage(set: DecodeSetName, index: number, seed: number): PlaqueImage {
  const random = prng(seed * 1_000_003 + SET_SEEDS[set] * 10_007 + index);
  const look = DEGRADATIONS[set];
  const text = plaqueText(random);
  const moduleSize = between(random, look.moduleSize);
  const printed = plaqueCanvas(text);
  const plaque = keystoned(printed.plaque, between(random, look.keystone));
  const side = printed.span * moduleSize;

  const canvas = document.createElement('canvas');
  canvas.width = FRAME.width;
  canvas.height = FRAME.height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  // A wall lit from one side.
  const wall = 150 + random() * 60;
  const light = context.createLinearGradient(0, 0, FRAME.width, FRAME.height * random());
  light.addColorStop(0, `rgb(${wall},${wall},${wall - 10})`);
  light.addColorStop(1, `rgb(${wall - 50},${wall - 50},${wall - 60})`);
  context.fillStyle = light;
  context.fillRect(0, 0, FRAME.width, FRAME.height);

  const free = { x: FRAME.width - side * 1.5, y: FRAME.height - side * 1.5 };
  const centre = {
    x: FRAME.width / 2 + (random() - 0.5) * look.offCentre * Math.max(0, free.x),
    y: FRAME.height / 2 + (random() - 0.5) * look.offCentre * Math.max(0, free.y),
  };
  const turn = ((random() < 0.5 ? -1 : 1) * between(random, look.rotation) * Math.PI) / 180;
  const shear = (random() < 0.5 ? -1 : 1) * between(random, look.shear);
  const blur = between(random, look.blur);
  context.save();
  context.translate(centre.x, centre.y);
  context.rotate(turn);
  context.transform(1, 0, shear, 1, 0, 0);
  context.filter = blur > 0 ? `blur(${blur.toFixed(2)}px)` : 'none';
  context.imageSmoothingQuality = 'high';
  context.drawImage(plaque, -side / 2, -side / 2, side, side);
  context.restore();

  const contrast = between(random, look.contrast);
  if (contrast !== 1 || look.noise > 0) {
    const pixels = context.getImageData(0, 0, FRAME.width, FRAME.height);
    const data = pixels.data;
    for (let i = 0; i < data.length; i += 4) {
      const noise = look.noise > 0 ? (random() * 2 - 1) * look.noise : 0;
      for (let channel = 0; channel < 3; channel++) {
        data[i + channel] = 128 + (data[i + channel]! - 128) * contrast + noise;
      }
    }
    context.putImageData(pixels, 0, 0);
  }
  return { text, canvas };
}

/** The picture as a phone photo: a JPEG file. */
export async function asJpegFile(canvas: HTMLCanvasElement, name: string): Promise<File> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
  if (!blob) throw new Error('the canvas could not be encoded as JPEG');
  return new File([blob], name, { type: 'image/jpeg' });
}
