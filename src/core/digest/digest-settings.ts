// The digest's own settings, read tolerantly from Org.settings JSON under "digest". A bad value
// falls back to its default field by field, so a hand-edited row never stops the digest.
import { z } from 'zod';

/** Defaults of the digest settings. */
export const DEFAULT_DIGEST_SETTINGS = {
  /** Amber band: completion this many percentage points (or fewer) below the expected pace. */
  amberPoints: 10,
  /** Open problems older than this many weeks are escalated in the leader digest. */
  escalateAfterWeeks: 2,
  /** Open problems older than this many weeks count as overdue in the standings. */
  overdueAfterWeeks: 4,
  /** On-time reporting rate is taken over this many weeks, ending with the week summarised. */
  onTimeWeeks: 4,
  /** Consecutive misses that put a project on the lagging list. */
  lagMissStreak: 2,
} as const;

const curveSchema = z
  .array(z.number().min(0).max(100))
  .length(12)
  .refine((values) => values.every((v, i) => i === 0 || v >= (values[i - 1] ?? 0)), 'non-decreasing')
  .nullable()
  .catch(null);

const digestSettingsSchema = z.object({
  /** Cumulative planned share of the annual plan (percent) at the end of each month, Jan … Dec. */
  planCurve: curveSchema.default(null),
  amberPoints: z.number().min(0).max(100).catch(DEFAULT_DIGEST_SETTINGS.amberPoints).default(DEFAULT_DIGEST_SETTINGS.amberPoints),
  escalateAfterWeeks: z.number().int().min(1).max(52).catch(DEFAULT_DIGEST_SETTINGS.escalateAfterWeeks).default(DEFAULT_DIGEST_SETTINGS.escalateAfterWeeks),
  overdueAfterWeeks: z.number().int().min(1).max(52).catch(DEFAULT_DIGEST_SETTINGS.overdueAfterWeeks).default(DEFAULT_DIGEST_SETTINGS.overdueAfterWeeks),
  onTimeWeeks: z.number().int().min(1).max(53).catch(DEFAULT_DIGEST_SETTINGS.onTimeWeeks).default(DEFAULT_DIGEST_SETTINGS.onTimeWeeks),
  lagMissStreak: z.number().int().min(1).max(52).catch(DEFAULT_DIGEST_SETTINGS.lagMissStreak).default(DEFAULT_DIGEST_SETTINGS.lagMissStreak),
});

/** The digest settings with defaults filled in. */
export type DigestSettings = z.infer<typeof digestSettingsSchema>;

/** Reads `digest` from the org's settings JSON text; anything unreadable gives the defaults. */
export function readDigestSettings(json: string): DigestSettings {
  let raw: unknown = {};
  try {
    raw = (JSON.parse(json) as { digest?: unknown } | null)?.digest ?? {};
  } catch {
    raw = {};
  }
  const parsed = digestSettingsSchema.safeParse(typeof raw === 'object' && raw !== null ? raw : {});
  return parsed.success ? parsed.data : digestSettingsSchema.parse({});
}
