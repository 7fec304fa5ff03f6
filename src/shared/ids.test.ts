// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuidv7, uuidv7 } from './ids';
import { idSchema } from './record';

const MAX_48_BITS = 2 ** 48 - 1;

describe('uuidv7', () => {
  it('has the 8-4-4-4-12 lower-case hex layout', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('sets the version nibble to 7 and the RFC 9562 variant bits to 10', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuidv7();
      expect(id[14]).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(id[19]);
    }
  });

  it('starts with the 48-bit Unix time in milliseconds', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
    expect(uuidv7(0).slice(0, 13)).toBe('00000000-0000');
    expect(uuidv7(Date.UTC(2026, 0, 1)).replace('-', '').slice(0, 12)).toBe(Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  });

  it('sorts ids made in a later millisecond after ids made earlier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_48_BITS - 1 }), fc.integer({ min: 1, max: 1_000_000 }), (earlier, gap) => {
        const later = Math.min(earlier + gap, MAX_48_BITS);
        expect(uuidv7(earlier) < uuidv7(later)).toBe(true);
      }),
    );
  });

  it('gives distinct ids within the same millisecond', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => uuidv7(now)));
    expect(ids.size).toBe(1000);
  });

  it('is accepted by the records’ id schema', () => {
    expect(idSchema.safeParse(uuidv7()).success).toBe(true);
  });
});

describe('isUuidv7', () => {
  it('accepts the ids uuidv7 makes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_48_BITS }), (ms) => isUuidv7(uuidv7(ms))));
  });

  it.each([
    ['3b241101-e2bb-4255-8caf-4136c566a962', 'a version 4 uuid'],
    ['0193a5b2-7c4d-7e8f-ca0b-1c2d3e4f5a6b', 'a wrong variant'],
    ['0193a5b27c4d7e8f9a0b1c2d3e4f5a6b', 'no hyphens'],
    ['0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6', 'a digit short'],
    ['0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6bb', 'a digit too many'],
    ['', 'an empty string'],
  ])('rejects %s (%s)', (value) => {
    expect(isUuidv7(value)).toBe(false);
  });
});
