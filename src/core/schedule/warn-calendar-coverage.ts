// Warns coordinators, once per year, when the holiday data does not know the coming year (from
// 1 December) or the current one: until someone adds the holidays, 调休 and public holidays of
// that year are treated as plain weekdays. The claim (job 'holiday-data', period "<year>") makes
// the warning go out exactly once, however many instances run.
import { DateTime } from 'luxon';
import type { Org } from '../model.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { uncoveredYearToWarn, type WorkingDayCalendar } from '../rules/working-days.ts';
import { loadAudience, type Audience } from './audience.ts';
import { claimJobRun, completeJobRun, jobMessageKey } from './record-job-run.ts';
import { coverageWarningView } from './schedule-views.ts';

/** The job name of the warning's claim. */
export const COVERAGE_JOB = 'holiday-data';

/** Local hour from which the warning may go out (no messages at midnight). */
const NOT_BEFORE_HOUR = 9;

/** The year to warn about at `now`, or null. */
export function coverageWarningYear(calendar: WorkingDayCalendar, now: Date, zone: string): number | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (local.hour < NOT_BEFORE_HOUR) return null;
  return uncoveredYearToWarn(calendar, local.toISODate() ?? '');
}

/** Sends the warning if it is due and not yet sent. Returns the year warned about, or null. */
export async function warnCalendarCoverage(
  deps: CoreDeps,
  input: { org: Org; calendar: WorkingDayCalendar; claimedBy: string; audience?: Audience },
): Promise<number | null> {
  const now = deps.now();
  const year = coverageWarningYear(input.calendar, now, input.org.timeZone);
  if (year === null) return null;
  const period = String(year);
  const claim = await claimJobRun(deps.db, { orgId: input.org.id, job: COVERAGE_JOB, period, dueAt: now, claimedBy: input.claimedBy, now });
  if (!claim.claimed) return null;
  const audience = input.audience ?? (await loadAudience(deps, input.org));
  const covered = input.calendar.coveredYears();
  const deliveries = audience.coordinators.flatMap((person) => {
    const to = audience.privateChat(person);
    if (!to) return [];
    const t = translator(audience.localeOf(person));
    return [{ to, key: jobMessageKey(COVERAGE_JOB, period, input.org.id, `coordinator:${person.id}`), message: coverageWarningView(t, { year, lastCovered: covered.at(-1) ?? null }) }];
  });
  await completeJobRun(deps.db, claim.run, { deliveries, detail: JSON.stringify({ coordinators: deliveries.length }) }, now);
  return year;
}
