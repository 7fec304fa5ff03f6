/**
 * How every bench section starts Debian's Chromium: headless, and without the
 * background traffic (updates, sync, QUIC probes) that would add noise to
 * timings and bytes.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
