/**
 * A village (thôn, làng, ấp, bản, … or an urban tổ dân phố): not an
 * administrative level, but the unit a team works in. It belongs to a commune
 * (xã / phường / đặc khu) of a province; districts no longer exist since
 * 1 July 2025, so an older district name is only kept as free text.
 */
import { z } from 'zod';
import { recordMetaSchema, shortText } from './record';

export const villageInputSchema = z.object({
  name: shortText(100).min(1, 'errors.required'),
  communeName: shortText(100).min(1, 'errors.required'),
  provinceName: shortText(100),
  legacyDistrict: shortText(100),
});
export type VillageInput = z.infer<typeof villageInputSchema>;

export const villageSchema = recordMetaSchema.extend(villageInputSchema.shape);
export type Village = z.infer<typeof villageSchema>;
