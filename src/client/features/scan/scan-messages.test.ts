// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { interpretScan, type PlaqueParseFailure, type ScanInterpretation } from '../../../shared/plaque-code';
import en from '../../locales/en.json';
import vi from '../../locales/vi.json';
import { cameraTroubleKey, codeProblemKey, notPlaqueMessage, type CameraTrouble } from './scan-messages';

type Messages = { [key: string]: string | Messages };

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

const ORIGIN = 'https://gocua.example';
const NOT_PLAQUES: Array<Exclude<ScanInterpretation, { kind: 'plaque' }>> = [
  { kind: 'bad_check', text: 'DH-1234-5' },
  { kind: 'other_url', host: 'example.com' },
  { kind: 'bank_qr' },
  { kind: 'wifi' },
  { kind: 'text', preview: 'xin chào' },
  { kind: 'too_long' },
  { kind: 'control_chars' },
  { kind: 'empty' },
];
const PARSE_FAILURES: PlaqueParseFailure[] = ['empty', 'bad_characters', 'bad_shape', 'bad_check'];
const CAMERA_TROUBLES: CameraTrouble[] = ['denied', 'no_camera', 'in_use', 'insecure', 'unknown', 'ended'];

describe('scan messages', () => {
  it('have a Vietnamese and an English text for everything that can be scanned but is not a plaque', () => {
    for (const scan of NOT_PLAQUES) {
      const { key } = notPlaqueMessage(scan);
      expect(lookup(vi, key), key).toBeDefined();
      expect(lookup(en, key), key).toBeDefined();
    }
  });

  it('name what was seen in the message', () => {
    expect(notPlaqueMessage({ kind: 'other_url', host: 'example.com' })).toEqual({ key: 'scan.seen.other_url', values: { host: 'example.com' } });
    expect(notPlaqueMessage({ kind: 'text', preview: 'xin chào' })).toEqual({ key: 'scan.seen.text', values: { text: 'xin chào' } });
    expect(lookup(vi, 'scan.seen.text')).toContain('{{text}}');
    expect(lookup(vi, 'scan.seen.other_url')).toContain('{{host}}');
  });

  it('cover what interpretScan gives for real payloads', () => {
    const payloads = ['000201010212', 'WIFI:S:Nha;T:WPA;P:12345678;;', 'https://example.com/p/DH-1234-4', 'hello', 'x'.repeat(600), 'a\u0000b', '  '];
    for (const payload of payloads) {
      const scan = interpretScan(payload, ORIGIN);
      if (scan.kind === 'plaque') throw new Error(`${payload} read as a plaque`);
      expect(lookup(vi, notPlaqueMessage(scan).key), payload).toBeDefined();
    }
  });

  it('explain every refused code and every camera problem in both languages', () => {
    const keys = [...PARSE_FAILURES.map(codeProblemKey), ...CAMERA_TROUBLES.map(cameraTroubleKey), 'scan.photo.no_code', 'scan.photo.unreadable'];
    expect(keys.filter((key) => lookup(vi, key) === undefined || lookup(en, key) === undefined)).toEqual([]);
  });
});
