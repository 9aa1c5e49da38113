// The org's corrections to the working-day calendar: /holiday add|remove <date>, /workday
// add|remove <date>, and the list (/holiday, /workday, /holiday list). A date may be a range
// ("2027-02-10~2027-02-16"). Adding replaces any earlier correction of the same date; changes are
// audited. Only coordinators change the calendar; anyone may list it.
import { DateTime } from 'luxon';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { MessageKey, Translate } from '../messages/catalog/index.ts';
import { message, type Block, type OutboundMessage } from '../messages/outbound.ts';
import { localDate } from '../rules/period.ts';
import { MAX_RANGE_DAYS, parseDateRange, type CalendarDay, type WorkingDayCalendar } from '../rules/working-days.ts';
import { reply, type PersonContext, type Reply } from '../commands/context.ts';
import { loadCalendar } from './load-calendar.ts';

/** A correction: a day off (休) or a working day (班). */
export type OverrideKind = 'holiday' | 'workday';

/** Adds (or switches) corrections for the dates. Returns the dates whose correction changed. */
export async function addCalendarOverrides(deps: CoreDeps, input: { orgId: string; actorId: string | null; kind: OverrideKind; dates: string[]; note: string }): Promise<string[]> {
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.calendarOverride.findMany({ where: { orgId: input.orgId, date: { in: input.dates } } });
    const same = new Set(existing.filter((e) => e.kind === input.kind && e.note === input.note).map((e) => e.date));
    const changed = input.dates.filter((d) => !same.has(d));
    for (const date of changed) {
      await tx.calendarOverride.upsert({
        where: { orgId_date: { orgId: input.orgId, date } },
        create: { orgId: input.orgId, date, kind: input.kind, note: input.note, createdById: input.actorId },
        update: { kind: input.kind, note: input.note, createdById: input.actorId },
      });
    }
    if (changed.length) await audit(tx, { orgId: input.orgId, actorId: input.actorId, action: `calendar.${input.kind}.add`, entity: 'calendar', entityId: input.orgId, detail: { dates: changed, note: input.note } });
    return changed;
  });
}

/** Removes corrections of `kind` for the dates. Returns the dates that had one. */
export async function removeCalendarOverrides(deps: CoreDeps, input: { orgId: string; actorId: string | null; kind: OverrideKind; dates: string[] }): Promise<string[]> {
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.calendarOverride.findMany({ where: { orgId: input.orgId, kind: input.kind, date: { in: input.dates } } });
    const dates = existing.map((e) => e.date).sort();
    if (dates.length === 0) return [];
    await tx.calendarOverride.deleteMany({ where: { orgId: input.orgId, kind: input.kind, date: { in: dates } } });
    await audit(tx, { orgId: input.orgId, actorId: input.actorId, action: `calendar.${input.kind}.remove`, entity: 'calendar', entityId: input.orgId, detail: { dates } });
    return dates;
  });
}

// === Command

const ADD_WORDS = ['add', '添加', '加', '增加', '设为'];
const REMOVE_WORDS = ['remove', 'rm', 'del', 'delete', '删除', '删', '取消', '移除'];
const LIST_WORDS = ['list', 'ls', '列表', '查看', ''];

function text(line: string): OutboundMessage {
  return message([{ kind: 'text', lines: [[line]] }]);
}

function weekdayName(t: Translate, date: string): string {
  return t(`schedule.weekday.${DateTime.fromISO(date, { zone: 'UTC' }).weekday}` as MessageKey);
}

/** "2027-02-16（周二）", or "2027-02-10 至 2027-02-16（7 天）" for a run of days. */
function datesText(t: Translate, dates: string[]): string {
  if (dates.length === 1) return t('schedule.calendar.one_date', { date: dates[0] ?? '', weekday: weekdayName(t, dates[0] ?? '') });
  return t('schedule.calendar.date_range', { first: dates[0] ?? '', last: dates.at(-1) ?? '', count: dates.length });
}

/** Whether /holiday or /workday arguments only look (list, or a usage question): any member may. */
export function isCalendarView(args: string): boolean {
  const verb = (args.trim().split(/\s+/)[0] ?? '').toLowerCase();
  return !ADD_WORDS.includes(verb) && !REMOVE_WORDS.includes(verb);
}

/** /holiday and /workday (changes by coordinators: the command table checks). */
export async function calendarCommand(ctx: PersonContext, kind: OverrideKind): Promise<Reply[]> {
  const { t, actor } = ctx;
  const [verbWord = '', ...rest] = ctx.args.trim().split(/\s+/);
  const verb = verbWord.toLowerCase();
  if (LIST_WORDS.includes(verb)) return reply(await calendarListView(ctx));
  const adding = ADD_WORDS.includes(verb);
  if (!adding && !REMOVE_WORDS.includes(verb)) return reply(text(t('schedule.calendar.usage')));
  // "2027-02-10 ~ 2027-02-16 春节" → range "2027-02-10~2027-02-16", note "春节".
  const joined = rest.join(' ').replace(/\s+-\s+/g, '~').replace(/\s*(~|\.\.|至|到|—|–)\s*/g, '$1');
  const [rangeText = '', ...noteWords] = joined.split(/\s+/);
  const today = DateTime.fromJSDate(ctx.deps.now(), { zone: actor.org.timeZone });
  const range = parseDateRange(rangeText, today.year);
  if ('error' in range) {
    if (range.error === 'too_long') return reply(text(t('schedule.calendar.too_long', { max: MAX_RANGE_DAYS })));
    return reply(text(rangeText ? t('schedule.calendar.bad_date', { value: rangeText }) : t('schedule.calendar.usage')));
  }
  const base = { orgId: actor.org.id, actorId: actor.person.id, kind, dates: range.dates };
  if (adding) {
    const changed = await addCalendarOverrides(ctx.deps, { ...base, note: noteWords.join(' ').slice(0, 200) });
    if (changed.length === 0) return reply(text(t('schedule.calendar.unchanged', { dates: datesText(t, range.dates) })));
    return reply(text(t(kind === 'holiday' ? 'schedule.calendar.added_holiday' : 'schedule.calendar.added_workday', { dates: datesText(t, changed) })));
  }
  const removed = await removeCalendarOverrides(ctx.deps, base);
  if (removed.length === 0) return reply(text(t(kind === 'holiday' ? 'schedule.calendar.none_holiday' : 'schedule.calendar.none_workday', { dates: datesText(t, range.dates) })));
  return reply(text(t('schedule.calendar.removed', { dates: removed.join('、') })));
}

/** How far ahead the list shows statutory holidays and make-up days. */
const UPCOMING_DAYS = 90;

function dayLabel(t: Translate, day: CalendarDay): string {
  const name = day.holidayName ? t('schedule.calendar.named', { name: day.holidayName }) : '';
  return t(`schedule.calendar.reason.${day.reason}` as MessageKey, { name });
}

/** The org's corrections, the special days of the coming weeks, and the data's coverage. */
async function calendarListView(ctx: PersonContext): Promise<OutboundMessage> {
  const { t, actor, deps } = ctx;
  const zone = actor.org.timeZone;
  const today = localDate(deps.now(), zone);
  const [calendar, overrides] = await Promise.all([
    loadCalendar(deps, actor.org.id),
    deps.db.calendarOverride.findMany({ where: { orgId: actor.org.id, date: { gte: today } }, orderBy: { date: 'asc' }, take: 100 }),
  ]);
  const blocks: Block[] = [{ kind: 'heading', text: t('schedule.calendar.title') }];
  blocks.push({ kind: 'text', lines: [[{ bold: t('schedule.calendar.overrides_title') }]] });
  if (overrides.length === 0) blocks.push({ kind: 'text', lines: [[t('schedule.calendar.overrides_none')]] });
  else
    blocks.push({
      kind: 'list',
      items: overrides.map((o) => [
        t('schedule.calendar.override_item', { date: o.date, weekday: weekdayName(t, o.date), kind: t(o.kind === 'workday' ? 'schedule.calendar.kind.workday' : 'schedule.calendar.kind.holiday'), note: o.note ? `（${o.note}）` : '' }),
      ]),
    });
  const special = upcomingSpecialDays(calendar, today, UPCOMING_DAYS);
  blocks.push({ kind: 'text', lines: [[{ bold: t('schedule.calendar.upcoming_title', { days: UPCOMING_DAYS }) }]] });
  if (special.length === 0) blocks.push({ kind: 'text', lines: [[t('schedule.calendar.upcoming_none')]] });
  else blocks.push({ kind: 'list', items: special.map((d) => [t('schedule.calendar.upcoming_item', { date: d.date, weekday: weekdayName(t, d.date), label: dayLabel(t, d) })]) });
  const years = calendar.coveredYears();
  const lines = [[t('schedule.calendar.coverage', { first: years[0] ?? '—', last: years.at(-1) ?? '—' })]];
  const thisYear = Number(today.slice(0, 4));
  for (const year of [thisYear, thisYear + 1]) if (!calendar.isYearCovered(year)) lines.push([t('schedule.calendar.uncovered', { year })]);
  lines.push([t('schedule.calendar.usage')]);
  blocks.push({ kind: 'text', lines });
  return message(blocks);
}

/** Weekdays off and weekend days on (statutory or corrected) from `from` for `days` days. */
function upcomingSpecialDays(calendar: WorkingDayCalendar, from: string, days: number): CalendarDay[] {
  const out: CalendarDay[] = [];
  let d = DateTime.fromISO(from, { zone: 'UTC' });
  for (let i = 0; i < days; i += 1, d = d.plus({ days: 1 })) {
    const day = calendar.describe(d.toISODate() ?? '');
    if (day.working !== d.weekday <= 5) out.push(day);
  }
  return out;
}
