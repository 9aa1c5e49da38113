// The working-day calendar of one org: statutory data plus the org's overrides (/holiday, /workday).
import type { CoreDeps } from '../context.ts';
import { WorkingDayCalendar } from '../rules/working-days.ts';

/** The org's calendar: statutory data plus its CalendarOverride rows. */
export async function loadCalendar(deps: CoreDeps, orgId: string): Promise<WorkingDayCalendar> {
  const rows = await deps.db.calendarOverride.findMany({ where: { orgId }, select: { date: true, kind: true } });
  return new WorkingDayCalendar(rows.filter((r) => r.kind === 'holiday' || r.kind === 'workday').map((r) => ({ date: r.date, kind: r.kind as 'holiday' | 'workday' })));
}
