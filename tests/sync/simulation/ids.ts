/**
 * Monotonic UUIDv7 for the simulation (RFC 9562, method 1: a counter after
 * the milliseconds, and a clock that never runs backwards).
 *
 * The app's ids are random after the millisecond, so two records made in the
 * same millisecond sort in a random order — and IndexedDB hands records back
 * in id order, which the random edit generator picks from. With these ids,
 * id order is creation order, so a seed replays the same run. The ids are
 * still valid UUIDv7 (the server's schemas check that); nothing in sync
 * depends on their random bits.
 */

let lastTime = 0;
let counter = 0;

export function monotonicUuidv7(nowMs: number = Date.now()): string {
  lastTime = Math.max(lastTime, nowMs);
  counter += 1;
  const bytes = new Uint8Array(16);
  let time = lastTime;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  let count = counter;
  for (let i = 15; i >= 10; i--) {
    bytes[i] = count % 256;
    count = Math.floor(count / 256);
  }
  bytes[6] = 0x70;
  bytes[8] = 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
