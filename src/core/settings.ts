// Per-org settings, stored as JSON on the org and validated here. Unknown or bad values fall back
// to defaults, so a hand-edited row never stops the bot.
import { z } from 'zod';
import { DEFAULT_DEADLINE, type DeadlineRule } from './rules/period.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

export const orgSettingsSchema = z.object({
  /** When a week's report is due; later filings are 补报 (late). */
  deadline: z.object({ weekday: z.number().int().min(1).max(7), time }).default(DEFAULT_DEADLINE),
  /** Drafts awaiting 确认 expire after this many hours. */
  draftHours: z.number().int().min(1).max(168).default(24),
});

export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** The org's settings from the stored JSON text, defaults filled in. */
export function readOrgSettings(json: string): OrgSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const parsed = orgSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : orgSettingsSchema.parse({});
}

export function deadlineRule(settings: OrgSettings): DeadlineRule {
  return settings.deadline;
}
