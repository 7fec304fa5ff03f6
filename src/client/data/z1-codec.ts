/**
 * The z1 codec (src/shared/wire-dictionary.ts) in JavaScript: fflate's DEFLATE,
 * since the browser's CompressionStream takes no dictionary. A chunk of its
 * own that api.ts loads with the first body, so the first screen does not
 * wait for it; only the two functions it needs are bundled.
 */
import { deflateSync, inflateSync } from 'fflate';
import { z1Dictionary } from '../../shared/wire-dictionary';

export function encodeZ1(json: string): Uint8Array {
  return deflateSync(new TextEncoder().encode(json), { dictionary: z1Dictionary() });
}

/** Throws when the bytes are not z1. */
export function decodeZ1(bytes: Uint8Array): string {
  return new TextDecoder().decode(inflateSync(bytes, { dictionary: z1Dictionary() }));
}
