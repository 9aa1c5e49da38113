// /export [week|month] [2026-W47|2026-11] [csv]: the progress ledger as a file, for coordinators
// (the whole org) and leaders (the projects they lead). Owners are refused.
import { DateTime } from 'luxon';
import type { PersonContext, Reply } from '../commands/context.ts';
import { reply } from '../commands/context.ts';
import type { Translate } from '../messages/catalog/index.ts';
import { message } from '../messages/outbound.ts';
import { compareWeeks, formatWeek, isValidWeek, shiftWeek, weekOf, type DeadlineRule } from '../rules/period.ts';
import { closedWeekNote, lastClosedWeek } from '../schedule/default-week.ts';
import { formatMonth } from '../rules/schedule-plan.ts';
import { exportLedger, type LedgerFormat } from './export-ledger.ts';
import type { Ledger, LedgerPeriod } from './ledger-model.ts';
import { periodId } from './ledger-table.ts';

/** Where exports are written unless the caller says otherwise (relative to the working directory). */

export type ExportRequest = { ok: true; period: LedgerPeriod; format: LedgerFormat; byDefault?: boolean } | { ok: false; reason: 'bad_arg'; arg: string } | { ok: false; reason: 'future'; period: string };

const WEEK_WORDS = new Set(['week', 'w', '周', '周报', '本周', 'this']);
const MONTH_WORDS = new Set(['month', 'm', '月', '月报', '本月']);
const LAST_WEEK_WORDS = new Set(['上周', 'lastweek']);
const LAST_MONTH_WORDS = new Set(['上月', '上个月', 'lastmonth']);

/**
 * Reads the arguments of /export. Defaults: XLSX, and the week in effect: with the org's `deadline`
 * the last closed week (the open one once its deadline passed; `byDefault` when that is not the
 * open week), without it this week. "week" / 本周 is the open week; "last" (上周, 上月) the period
 * before; a week id "2026-W47" or a month "2026-11" names one. Pure.
 */
export function parseExportArgs(args: string, now: Date, zone: string, deadline?: DeadlineRule): ExportRequest {
  let kind: 'week' | 'month' | undefined;
  let last = false;
  let named: LedgerPeriod | undefined;
  let format: LedgerFormat = 'xlsx';
  for (const raw of args.split(/[\s,，]+/).filter(Boolean)) {
    const word = raw.toLowerCase();
    const weekId = /^(\d{4})-?w(\d{1,2})$/.exec(word);
    const monthId = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(word);
    if (WEEK_WORDS.has(word)) kind = 'week';
    else if (MONTH_WORDS.has(word)) kind = 'month';
    else if (word === 'last' || word === '上' || word === 'previous') last = true;
    else if (LAST_WEEK_WORDS.has(word)) [kind, last] = ['week', true];
    else if (LAST_MONTH_WORDS.has(word)) [kind, last] = ['month', true];
    else if (word === 'csv') format = 'csv';
    else if (word === 'xlsx' || word === 'excel') format = 'xlsx';
    else if (weekId) {
      const week = { year: Number(weekId[1]), week: Number(weekId[2]) };
      if (!isValidWeek(week)) return { ok: false, reason: 'bad_arg', arg: raw };
      named = { kind: 'week', week };
    } else if (monthId && Number(monthId[2]) >= 1 && Number(monthId[2]) <= 12) {
      named = { kind: 'month', year: Number(monthId[1]), month: Number(monthId[2]) };
    } else return { ok: false, reason: 'bad_arg', arg: raw };
  }
  const local = DateTime.fromJSDate(now, { zone });
  const currentWeek = weekOf(now, zone);
  let period: LedgerPeriod;
  if (named) period = named;
  else if (kind === 'month') {
    const month = last ? local.minus({ months: 1 }) : local;
    period = { kind: 'month', year: month.year, month: month.month };
  } else if (!kind && !last && deadline) {
    const week = lastClosedWeek(now, zone, deadline);
    return { ok: true, period: { kind: 'week', week }, format, byDefault: compareWeeks(week, currentWeek) < 0 };
  } else period = { kind: 'week', week: last ? shiftWeek(currentWeek, -1) : currentWeek };
  if (period.kind === 'week' && compareWeeks(period.week, currentWeek) > 0) return { ok: false, reason: 'future', period: formatWeek(period.week) };
  if (period.kind === 'month' && period.year * 12 + period.month > local.year * 12 + local.month) return { ok: false, reason: 'future', period: formatMonth(period.year, period.month) };
  return { ok: true, period, format };
}

/** The one-line summary of an export, as the reply and the file's caption. */
export function exportSummary(t: Translate, ledger: Ledger, format: LedgerFormat): string {
  const { counts } = ledger;
  const params = { ...counts, period: periodId(ledger), format: format.toUpperCase() };
  return ledger.period.kind === 'week'
    ? t('ledger.export.done.week', params)
    : t('ledger.export.done.month', { ...params, projects: ledger.total.projects, weeks: ledger.countedWeeks.length });
}

function text(...lines: string[]): Reply[] {
  return reply(message([{ kind: 'text', lines: lines.map((line) => [line]) }]));
}

/**
 * Exports the ledger the arguments ask for and replies with the file attached and a one-line
 * summary. Coordinators get the whole org, leaders their own projects; others are refused.
 */
export async function exportCommand(ctx: PersonContext): Promise<Reply[]> {
  const { deps, actor, t } = ctx;
  const { person, org } = actor;
  const request = parseExportArgs(ctx.args, deps.now(), org.timeZone, actor.settings.deadline);
  if (!request.ok) {
    return request.reason === 'future' ? text(t('ledger.export.future', { period: request.period })) : text(t('ledger.export.bad_arg', { arg: request.arg }), t('ledger.export.usage'));
  }
  const result = await exportLedger(deps, {
    org,
    settings: actor.settings,
    period: request.period,
    scope: person.isCoordinator ? null : person,
    format: request.format,
    target: 'store',
    t,
  });
  if (result.kind === 'empty') return text(t('ledger.export.empty'));
  const summary = exportSummary(t, result.ledger, result.format);
  const lines = request.byDefault && request.period.kind === 'week' ? [[closedWeekNote(t, request.period.week, '/export')], [summary]] : [[summary]];
  return reply(
    message([{ kind: 'text', lines }], {
      attachment: { kind: 'document', fileName: result.fileName, path: result.path, caption: summary },
      summary,
    }),
  );
}
