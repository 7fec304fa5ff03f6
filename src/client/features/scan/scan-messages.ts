/**
 * What the scan screens say, as i18n keys with their values: a scanned QR
 * that is not a plaque (naming what it is, with a safe one-line preview), a
 * typed code that does not read as a plaque code, a camera that cannot be
 * used. Kept apart from the components so each case is one line to read.
 */
import type { PlaqueParseFailure, ScanInterpretation } from '../../../shared/plaque-code';

export interface Message {
  key: string;
  values?: Record<string, string>;
}

/** Why the camera is off: the scanner's CameraProblem, or 'ended' (it stopped while scanning). */
export type CameraTrouble = 'denied' | 'no_camera' | 'in_use' | 'insecure' | 'unknown' | 'ended';

/** The message for anything scanned that is not a plaque of this app; nothing is opened for these. */
export function notPlaqueMessage(scan: Exclude<ScanInterpretation, { kind: 'plaque' }>): Message {
  switch (scan.kind) {
    case 'bad_check':
      return { key: 'scan.seen.bad_check', values: { text: scan.text } };
    case 'other_url':
      return { key: 'scan.seen.other_url', values: { host: scan.host } };
    case 'text':
      return { key: 'scan.seen.text', values: { text: scan.preview } };
    default:
      return { key: `scan.seen.${scan.kind}` };
  }
}

/** Why a typed code was refused, with what to do. */
export function codeProblemKey(reason: PlaqueParseFailure): string {
  return `scan.codeProblem.${reason}`;
}

/** What went wrong with the camera and how to fix it. */
export function cameraTroubleKey(trouble: CameraTrouble): string {
  return `scan.camera.${trouble}`;
}
